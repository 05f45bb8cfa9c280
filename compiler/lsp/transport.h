// JSON-RPC over a pair of file descriptors with the Language Server Protocol's framing: each
// message is `Content-Length: N\r\n\r\n` followed by N bytes of JSON. Reading is buffered
// by hand (not iostreams) so the server can poll() the descriptor for "is a message waiting?"
// while it waits to re-check a document (the debounce, compiler/lsp/server.cpp).
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace clue::lsp {

using json = nlohmann::json;

class Transport {
 public:
  Transport(int in_fd, int out_fd) : in_(in_fd), out_(out_fd) {}
  enum class Read { Message, Eof, BadFrame, BadJson };
  // The next message. BadFrame: the header was not LSP's (the stream cannot be resynchronised);
  // BadJson: the body was framed but not JSON (the next message can still be read); `error`
  // says what was wrong.
  Read read(json& out, std::string& error);
  // True when a whole message can be read now, or input is waiting; waits at most timeout_ms
  // (0: just look; -1: block).
  bool wait_readable(int timeout_ms);
  void write(const json& message);

 private:
  bool fill();  // reads more bytes into buf_; false at end of input
  int in_, out_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
};

}  // namespace clue::lsp
