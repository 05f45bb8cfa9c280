// Internal to compiler/remote: the two clients' constructors, and what their errors share.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "compiler/remote/client.h"

namespace clue::remote {

std::unique_ptr<Client> connect_postgres(const ServerUrl& url, std::size_t host);
std::unique_ptr<Client> connect_clickhouse(const ServerUrl& url, std::size_t host);

// The start of a statement for an error message: its first 200 bytes on one line (cut at a
// UTF-8 character boundary), so a message names the statement without printing pages of SQL.
std::string statement_head(std::string_view sql);

}  // namespace clue::remote
