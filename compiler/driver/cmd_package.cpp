// Packages (compiler/share/package.h, docs/sharing.md):
//   clue keygen --out NAME [--owner TEXT]       an Ed25519 key pair, NAME.key and NAME.pub
//   clue pack MODEL --key NAME.key --out PKG    the model, its imports, fixtures and metadata, signed
//   clue verify PKG [--trust DIR]               signature and trust, hashes, the model checks, fixtures pass
//   clue install PKG [--library DIR] [--trust DIR] [--allow-untrusted]
// An unsigned or untrusted package installs only with --allow-untrusted, and the install
// record beside the model then says so in every run's manifest (W0602 at every run).
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "compiler/driver/commands.h"
#include "compiler/lint/lint.h"
#include "compiler/sema/frontend.h"
#include "compiler/share/package.h"
#include "compiler/share/semver.h"
#include "compiler/share/signing.h"
#include "runtime/fs/regular_file.h"
#include "runtime/io/files.h"

namespace clue::cli {
namespace fs = std::filesystem;

int cmd_keygen(const KeygenArgs& a, const Common& c) {
  std::error_code ec;
  for (const char* ext : {".key", ".pub"})
    if (fs::exists(fs::symlink_status(a.out + ext, ec))) return usage_error(c, DiagId::KeygenWouldOverwrite, {a.out + ext});
  if (std::string err = share::generate_key_pair(a.out, a.owner); !err.empty()) {
    SourceManager sm;
    DiagnosticSink sink;
    sink.report(DiagId::OutputWriteFailed, Span{}, {a.out, err});
    return finish(sink, sm, c, false);
  }
  std::string text, error;
  fsafe::read_regular(a.out + ".pub", text, nullptr, &error);
  const std::string hex = text.size() > 84 ? text.substr(20, 64) : std::string();
  std::cout << ui_text(TextId::KeygenWritten, resolve_lang(c.lang), {a.out + ".key", a.out + ".pub", share::key_fingerprint(hex)})
            << "\n";
  return kExitOk;
}

int cmd_pack(const PackArgs& a, const Common& c) {
  std::string text;
  if (!read_text_file(a.path, text)) return model_unreadable(c, a.path);
  SourceManager sm;
  DiagnosticSink sink;
  FrontEndResult fe = run_front_end_text(sm, a.path, text, sink);
  if (sink.has_errors()) {
    sink.report(DiagId::CannotPack, Span{}, {a.path, bilingual("the model has errors", "模型有错误")});
    return finish(sink, sm, c, true);
  }
  share::Package pkg;
  if (std::string why = share::collect_package(a.path, fe, sm, pkg); !why.empty()) {
    sink.report(DiagId::CannotPack, Span{}, {a.path, why});
    return finish(sink, sm, c, true);
  }
  if (!share::parse_semver(pkg.version)) {
    sink.report(DiagId::CannotPack, Span{},
                {a.path, bilingual("its version '" + pkg.version + "' is not a semantic version (1.2.0)",
                                   "版本号“" + pkg.version + "”不是语义化版本（如 1.2.0）")});
    return finish(sink, sm, c, true);
  }
  if (!a.key.empty()) {
    if (std::string err = share::sign(a.key, pkg.meta, pkg.signature_hex, pkg.public_hex); !err.empty()) {
      sink.report(DiagId::KeyUnreadable, Span{}, {a.key, err});
      return finish(sink, sm, c, true);
    }
  }
  const std::string out = a.out.empty() ? pkg.name + "-" + pkg.version + ".cluepkg" : a.out;
  if (std::string err = io::write_atomic(out, share::write_archive(pkg)); !err.empty()) {
    sink.report(DiagId::OutputWriteFailed, Span{}, {out, err});
    return finish(sink, sm, c, true);
  }
  const int code = finish(sink, sm, c, false);
  const Lang lang = resolve_lang(c.lang);
  if (pkg.public_hex.empty())
    std::cout << ui_text(TextId::PackWrittenUnsigned, lang, {pkg.name, pkg.version, std::to_string(pkg.files.size()), out}) << "\n";
  else
    std::cout << ui_text(TextId::PackWritten, lang,
                         {pkg.name, pkg.version, std::to_string(pkg.files.size()), out, share::key_fingerprint(pkg.public_hex)})
              << "\n";
  return code;
}

namespace {

struct Verified {
  share::Package pkg;
  bool signed_ = false, trusted = false;
  std::string key_fingerprint, owner;
};

// Reads and checks a package: framing, hashes, signature, trust, the model, its fixtures.
// Problems of trust (unsigned, untrusted key) are errors unless `allow_untrusted`; a changed
// file or a signature that does not verify always is.
bool verify_package(const std::string& path, const std::string& trust_dir, bool allow_untrusted, const Common& c,
                    DiagnosticSink& sink, Verified& v) {
  std::string bytes, error;
  fsafe::PathKind kind = fsafe::PathKind::Missing;
  if (!fsafe::read_regular(path, bytes, &kind, &error)) {
    sink.report(DiagId::PackageUnreadable, Span{},
                {path, kind == fsafe::PathKind::Missing ? bilingual("no such file", "文件不存在")
                                                        : bilingual(fsafe::kind_text_en(kind), fsafe::kind_text_zh(kind))});
    return false;
  }
  if (std::string why = share::read_archive(bytes, v.pkg); !why.empty()) {
    sink.report(DiagId::PackageMalformed, Span{}, {path, why});
    return false;
  }
  if (std::string changed = share::first_changed_file(v.pkg); !changed.empty()) {
    sink.report(DiagId::PackageFileChanged, Span{}, {path, changed});
    return false;
  }
  v.signed_ = !v.pkg.signature_hex.empty();
  if (v.signed_) {
    v.key_fingerprint = share::key_fingerprint(v.pkg.public_hex);
    if (!share::verify(v.pkg.public_hex, v.pkg.meta, v.pkg.signature_hex)) {
      sink.report(DiagId::PackageSignatureInvalid, Span{}, {path, v.key_fingerprint});
      return false;
    }
    for (const auto& k : share::trust_store(trust_dir))
      if (k.hex == v.pkg.public_hex) {
        v.trusted = true;
        v.owner = k.owner;
      }
    if (!v.trusted && !allow_untrusted) {
      sink.report(DiagId::PackageKeyUntrusted, Span{}, {path, v.key_fingerprint, trust_dir});
      return false;
    }
  } else if (!allow_untrusted) {
    sink.report(DiagId::PackageUnsigned, Span{}, {path});
    return false;
  }
  // The model and its fixtures, from a private copy.
  char tmpl[] = "/tmp/clue-verify-XXXXXX";
  if (!::mkdtemp(tmpl)) {
    sink.report(DiagId::PackageUnreadable, Span{}, {path, bilingual("cannot make a temporary folder", "无法创建临时目录")});
    return false;
  }
  struct Remove {
    std::string dir;
    ~Remove() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } remove{tmpl};
  if (std::string err = share::extract(v.pkg, tmpl); !err.empty()) {
    sink.report(DiagId::PackageUnreadable, Span{}, {path, err});
    return false;
  }
  const std::string model = (fs::path(tmpl) / v.pkg.model).string();
  std::string text;
  read_text_file(model, text);
  SourceManager sm;
  DiagnosticSink check;
  FrontEndResult fe = run_front_end_text(sm, model, text, check);
  if (check.error_count() > 0) {
    sink.report(DiagId::PackageModelErrors, Span{}, {path, std::to_string(check.error_count())});
    return false;
  }
  TestArgs t;
  t.paths = {model};
  if (cmd_test(t, c) != kExitOk) {
    sink.report(DiagId::PackageFixturesFail, Span{}, {path});
    return false;
  }
  return true;
}

std::string or_default(const std::string& s, std::string (*def)()) { return s.empty() ? def() : s; }

}  // namespace

int cmd_verify(const VerifyArgs& a, const Common& c) {
  SourceManager sm;
  DiagnosticSink sink;
  Verified v;
  const bool ok = verify_package(a.path, or_default(a.trust, share::default_trust_store), false, c, sink, v);
  const int code = finish(sink, sm, c, false);
  if (ok)
    std::cout << ui_text(TextId::VerifyOk, resolve_lang(c.lang),
                         {v.pkg.name, v.pkg.version, std::to_string(v.pkg.files.size()),
                          ui_text(TextId::VerifySignedBy, resolve_lang(c.lang), {v.key_fingerprint})})
              << "\n";
  return code;
}

int cmd_install(const InstallArgs& a, const Common& c) {
  SourceManager sm;
  DiagnosticSink sink;
  Verified v;
  if (!verify_package(a.path, or_default(a.trust, share::default_trust_store), a.allow_untrusted, c, sink, v))
    return finish(sink, sm, c, false);
  const std::string library = or_default(a.library, share::default_library);
  const fs::path target = fs::path(library) / v.pkg.name / v.pkg.version;
  std::error_code ec;
  if (fs::exists(target, ec)) {
    sink.report(DiagId::PackageAlreadyInstalled, Span{}, {v.pkg.name, v.pkg.version, target.string()});
    return finish(sink, sm, c, false);
  }
  if (std::string err = share::extract(v.pkg, target.string()); !err.empty()) {
    sink.report(DiagId::OutputWriteFailed, Span{}, {target.string(), err});
    return finish(sink, sm, c, false);
  }
  nlohmann::ordered_json rec = {{"name", v.pkg.name},
                                {"version", v.pkg.version},
                                {"trusted", v.trusted},
                                {"signed", v.signed_},
                                {"key", v.signed_ ? nlohmann::ordered_json(v.key_fingerprint) : nlohmann::ordered_json(nullptr)},
                                {"owner", v.owner},
                                {"package_sha256", io::sha256_file(a.path)}};
  const fs::path record = target / fs::path(v.pkg.model).parent_path() / share::kInstallRecord;
  if (std::string err = io::write_atomic(record.string(), rec.dump(2) + "\n"); !err.empty()) {
    sink.report(DiagId::OutputWriteFailed, Span{}, {record.string(), err});
    return finish(sink, sm, c, false);
  }
  const int code = finish(sink, sm, c, false);
  std::cout << ui_text(v.trusted ? TextId::InstallDone : TextId::InstallDoneUntrusted, resolve_lang(c.lang),
                       {v.pkg.name, v.pkg.version, target.string()})
            << "\n";
  return code;
}

}  // namespace clue::cli
