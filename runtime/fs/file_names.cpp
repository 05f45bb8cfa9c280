#include "runtime/fs/file_names.h"

#include <array>

namespace clue::fsafe {

std::string fold_case(std::string_view name) {
  std::string s(name);
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return s;
}

namespace {
bool has_control(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7F) return true;
  return false;
}

// U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069: they reorder what a terminal or a file
// list shows ("Trojan Source"), so a name could look like another one.
bool has_direction_control(std::string_view s) {
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
    if (b(0) == 0xD8 && b(1) == 0x9C) return true;
    if (i + 2 >= s.size() || b(0) != 0xE2) continue;
    if (b(1) == 0x80 && (b(2) == 0x8E || b(2) == 0x8F || (b(2) >= 0xAA && b(2) <= 0xAE))) return true;
    if (b(1) == 0x81 && b(2) >= 0xA6 && b(2) <= 0xA9) return true;
  }
  return false;
}
}  // namespace

bool is_plain_file_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
         name.find('\\') == std::string_view::npos && !has_control(name);
}

NameProblem check_output_name(std::string_view name) {
  auto bad = [](NameProblem::Kind k, std::string en, std::string zh) { return NameProblem{k, std::move(en), std::move(zh)}; };
  if (name.empty()) return bad(NameProblem::NotPlain, "it is empty", "名称为空");
  if (name.find('/') != std::string_view::npos || name.find('\\') != std::string_view::npos)
    return bad(NameProblem::NotPlain, "it contains a path separator (/ or \\), so it would be written outside --out or in a sub-folder",
               "含有路径分隔符（/ 或 \\），会写到 --out 之外或其子目录中");
  if (name.front() == '.')
    return bad(NameProblem::NotPlain, "it begins with a dot (a hidden file, or the folder above --out)",
               "以“.”开头（隐藏文件，或 --out 的上级目录）");
  if (has_control(name))
    return bad(NameProblem::NotPlain, "it contains a control character", "含有控制字符");
  if (has_direction_control(name))
    return bad(NameProblem::NotPlain, "it contains an invisible text-direction character (U+202E and the like)",
               "含有不可见的文字方向控制字符（如 U+202E）");
  for (char c : std::string_view("<>:\"|?*"))
    if (name.find(c) != std::string_view::npos)
      return bad(NameProblem::NotPlain, std::string("it contains '") + c + "', which Windows does not allow in file names",
                 std::string("含有 Windows 文件名不允许的字符“") + c + "”");
  if (name.back() == ' ' || name.back() == '.')
    return bad(NameProblem::NotPlain, "it ends with a space or a dot, which Windows drops from file names",
               "以空格或“.”结尾，Windows 会将其从文件名中去掉");
  constexpr size_t kMaxBytes = 200;  // NAME_MAX is 255 bytes, with room for the extension
  if (name.size() > kMaxBytes)
    return bad(NameProblem::NotPlain, "it is longer than 200 bytes", "长度超过 200 字节");
  const std::string folded = fold_case(name);
  if (folded == "rejects" || folded == "manifest")
    return bad(NameProblem::Reserved, "Clue writes " + folded + (folded == "rejects" ? ".csv" : ".json") + " itself in --out",
               "Clue 自己会在 --out 中写出 " + folded + (folded == "rejects" ? ".csv" : ".json"));
  // Windows device names, also with an extension (CON.csv is the console there).
  const std::string stem = folded.substr(0, folded.find('.'));
  static const std::array<const char*, 4> kDevices = {"con", "prn", "aux", "nul"};
  bool device = false;
  for (const char* d : kDevices) device |= stem == d;
  if (stem.size() == 4 && (stem.rfind("com", 0) == 0 || stem.rfind("lpt", 0) == 0) && stem[3] >= '0' && stem[3] <= '9')
    device = true;
  if (device)
    return bad(NameProblem::Reserved, "it is a device name on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9)",
               "它是 Windows 的设备名（CON、PRN、AUX、NUL、COM1-9、LPT1-9）");
  return {};
}

}  // namespace clue::fsafe
