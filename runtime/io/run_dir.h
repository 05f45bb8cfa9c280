// A run's output folder, written as a whole or not at all.
//
// `clue run` writes into a fresh staging folder beside --out (".OUT.clue-tmp-PID-XXXXXX",
// made by mkdtemp, mode 0700) and only at the end moves it into place: with
// renameat2(RENAME_EXCHANGE) when --out already holds an earlier run (the earlier run then
// sits at the staging name and is removed), with rename() when --out does not exist. So --out
// always holds exactly one complete run, or nothing:
//   - a run that fails (an error, a full disk) removes its staging folder and leaves the
//     previous run as it was;
//   - SIGINT, SIGTERM and SIGHUP remove the staging folder (the handler uses only
//     async-signal-safe system calls), then end the process as the signal would have;
//   - kill -9 cannot be caught: it leaves only the hidden staging folder, which the next run
//     into the same --out removes (its process is gone).
// Because a run replaces --out as a whole, --out must be absent, an empty folder or an
// earlier run's folder (files only, with manifest.json, or only rejects.csv as a --strict run
// leaves it): a folder holding anything else is refused (E0553), never emptied.
//
// Defence in depth: staged(NAME) refuses a NAME that is not one plain file name (the checker
// has already rejected such output names, E0111), so nothing is written outside the folder.
#pragma once
#include <string>

namespace clue::io {

class RunDir {
 public:
  struct Error {
    enum Kind { None, NotARun, Io } kind = None;
    std::string path, detail;  // the path concerned and why (strerror, or what --out holds)
    explicit operator bool() const { return kind != None; }
  };

  RunDir() = default;
  RunDir(const RunDir&) = delete;
  RunDir& operator=(const RunDir&) = delete;
  ~RunDir();  // removes the staging folder unless committed

  // Checks `out`, removes stale staging folders of runs that were killed, and makes the
  // staging folder. `out` must not be empty (the caller reports that as a usage error).
  Error open(const std::string& out);
  // Where to write file `name` now (inside the staging folder); "" when `name` is not a plain
  // file name (a separator, "..", a control character): nothing may be written for it.
  std::string staged(const std::string& name) const;
  // Where file `name` will be once committed (--out/name): for the manifest and the summary.
  std::string final_path(const std::string& name) const;
  // Moves the staging folder into place as --out (every file in it is already fsync'ed).
  Error commit();

  const std::string& staging() const { return staging_; }

 private:
  std::string out_;     // --out as given (messages, the manifest's paths)
  std::string target_;  // --out as an absolute path: what is renamed
  std::string staging_;
  bool committed_ = false;
};

// For a process that must end at once, not from a signal (memory exhausted inside LLVM, see
// compiler/codegen/llvm_memory.h): removes the staging folder of the run in progress, if
// any, with system calls only; the previous run in --out stays as it was.
void remove_staging_now();

}  // namespace clue::io
