// Semantic versions (https://semver.org): MAJOR.MINOR.PATCH with an optional -pre-release and
// +build. A shared model's `version` must be one (lint W0601), so that a receiving office can
// tell a fix (1.2.1) from a change of meaning (2.0.0) and a package can be pinned.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace clue::share {

struct SemVer {
  unsigned long major = 0, minor = 0, patch = 0;
  std::string pre;  // without the '-'; build metadata is dropped (it does not order)
};

std::optional<SemVer> parse_semver(std::string_view s);
// <0, 0, >0 as semver orders them (a pre-release before its release).
int compare(const SemVer& a, const SemVer& b);

}  // namespace clue::share
