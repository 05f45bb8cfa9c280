// The local library that `clue install` fills (LIBRARY/NAME/VERSION/, each with package.json
// and the install record), and the imports that name a package in it:
//
//   import "court_schemas@^1.2"
//
// NAME@RANGE (no '/', '\\', '.' or space before the '@', and not ending in ".model") is a
// package import: it loads the main model of the highest installed version of NAME that RANGE
// accepts (semver.h: npm's rules, pre-releases only when asked). Anything else is a path beside
// the model, as before. The front end resolves these, so every command reads the same version;
// the run's manifest records it.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/share/semver.h"

namespace clue::share {

// Where the trust store and the library are: $CLUE_HOME/{trust,library}, else
// $XDG_DATA_HOME/clue/..., else ~/.local/share/clue/...
std::string default_trust_store();
std::string default_library();

struct PackageImport {
  std::string name, range;
};
// The import's text as a package import, or nullopt when it is a path.
std::optional<PackageImport> package_import(std::string_view text);

// One installed version of a package: where it is and what its install record says.
struct InstalledPackage {
  std::string name, version;
  std::string folder;         // LIBRARY/NAME/VERSION
  std::string model;          // the main model's full path
  std::string package_sha256;  // the .cluepkg file's SHA-256, from the install record ("" if none)
  bool trusted = false;       // installed with a trusted signature
};

enum class Resolution { Found, BadRange, NotInstalled, NoMatch, Broken };

struct Resolved {
  Resolution how = Resolution::NotInstalled;
  InstalledPackage package;  // when Found
  // BadRange: what is wrong with the range; NoMatch: the installed versions ("1.1.0, 2.0.3");
  // Broken: which version's package.json cannot be read.
  std::string detail;
};

Resolved resolve(const std::string& library, const PackageImport& import);

}  // namespace clue::share
