#include "compiler/lsp/transport.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace clue::lsp {

bool Transport::fill() {
  if (eof_) return false;
  if (pos_ > 0 && pos_ == buf_.size()) {
    buf_.clear();
    pos_ = 0;
  }
  char chunk[65536];
  for (;;) {
    ssize_t n = ::read(in_, chunk, sizeof chunk);
    if (n > 0) {
      buf_.append(chunk, size_t(n));
      return true;
    }
    if (n < 0 && errno == EINTR) continue;
    eof_ = true;
    return false;
  }
}

bool Transport::wait_readable(int timeout_ms) {
  if (pos_ < buf_.size() || eof_) return true;
  pollfd p{in_, POLLIN, 0};
  int r;
  do r = ::poll(&p, 1, timeout_ms);
  while (r < 0 && errno == EINTR);
  return r > 0;
}

Transport::Read Transport::read(json& out, std::string& error) {
  // Header lines up to an empty line; only Content-Length matters (Content-Type is optional).
  long length = -1;
  for (;;) {
    size_t eol = buf_.find("\r\n", pos_);
    while (eol == std::string::npos) {
      if (!fill()) {
        if (pos_ == buf_.size()) return Read::Eof;
        error = "the input ended inside a message header";
        return Read::BadFrame;
      }
      eol = buf_.find("\r\n", pos_);
      if (eol == std::string::npos && buf_.size() - pos_ > 8192) {
        error = "a header line longer than 8192 bytes";
        return Read::BadFrame;
      }
    }
    std::string line = buf_.substr(pos_, eol - pos_);
    pos_ = eol + 2;
    if (line.empty()) break;
    const std::string key = "content-length:";
    std::string lower;
    for (char c : line.substr(0, key.size())) lower += char(std::tolower(static_cast<unsigned char>(c)));
    if (lower == key) {
      char* end = nullptr;
      length = std::strtol(line.c_str() + key.size(), &end, 10);
      if (end == line.c_str() + key.size() || length < 0 || length > (1L << 30)) {
        error = "Content-Length is not a size: " + line;
        return Read::BadFrame;
      }
    }
  }
  if (length < 0) {
    error = "a message without Content-Length";
    return Read::BadFrame;
  }
  while (buf_.size() - pos_ < size_t(length)) {
    if (!fill()) {
      error = "the input ended inside a message body";
      return Read::BadFrame;
    }
  }
  std::string body = buf_.substr(pos_, size_t(length));
  pos_ += size_t(length);
  out = json::parse(body, nullptr, false);
  if (out.is_discarded() || !out.is_object()) {
    error = body.size() > 200 ? body.substr(0, 200) + "…" : body;
    return Read::BadJson;
  }
  return Read::Message;
}

void Transport::write(const json& message) {
  // Invalid UTF-8 in a model's text must not make dump() throw: replaced with U+FFFD.
  const std::string body = message.dump(-1, ' ', false, json::error_handler_t::replace);
  const std::string out = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::write(out_, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the client has gone: nothing more to say
    done += size_t(n);
  }
}

}  // namespace clue::lsp
