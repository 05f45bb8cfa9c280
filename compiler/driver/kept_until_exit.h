// Objects a command builds once and never frees: the process ends right after them, and freeing
// a run's tables, indexes and compiled code would only delay the exit. They are listed in a
// global list, so they stay reachable and a leak checker (LeakSanitizer in the sanitizer build,
// docs/testing.md) knows they were kept on purpose rather than lost.
#pragma once
#include <vector>

namespace clue::cli {

template <class T>
T& kept_until_exit() {
  static auto* kept = new std::vector<const void*>;  // never destroyed, like what it lists
  T* object = new T;
  kept->push_back(object);
  return *object;
}

}  // namespace clue::cli
