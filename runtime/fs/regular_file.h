// Opening only regular files. A shared model names its imports, and a run names its data
// files: a folder, /dev/zero, a FIFO or a socket given there must be refused with a clear
// error, never read until memory runs out or waited on forever. Symbolic links are followed
// (an export linked into a folder is a normal setup); what they point at must be regular.
#pragma once
#include <sys/stat.h>

#include <string>

namespace clue::fsafe {

enum class PathKind { Regular, Missing, Directory, CharDevice, BlockDevice, Fifo, Socket, Other };

// What `path` is (symbolic links followed). Missing also covers "cannot be looked up".
PathKind path_kind(const std::string& path);
// The kind for a message, with its article: "a folder", "a device", "a pipe (FIFO)", ...
const char* kind_text_en(PathKind k);
const char* kind_text_zh(PathKind k);

// Opens `path` read-only when it is a regular file. The open itself never blocks (O_NONBLOCK:
// a FIFO without a writer would otherwise hang here), and the kind is taken from the opened
// descriptor (fstat), so nothing can be swapped in between a check and the read. Returns the
// descriptor, or -1 with *kind (not Regular when it was opened but is not a file, Missing when
// it could not be opened) and *error (strerror text, or the kind in English).
int open_regular(const std::string& path, PathKind* kind, std::string* error, struct stat* st = nullptr);

// Reads a whole regular file into `out` (see open_regular). False with *kind and *error set
// (either may be null when not wanted).
bool read_regular(const std::string& path, std::string& out, PathKind* kind, std::string* error);

}  // namespace clue::fsafe
