#include "runtime/csv/tokenizer.h"

#include "runtime/csv/scan.h"

namespace clue::csv {

Tokenizer::Tokenizer(std::string_view text, Dialect dialect, std::uint64_t first_line,
                     std::size_t max_record_bytes)
    : begin_(text.data()),
      end_(text.data() + text.size()),
      pos_(text.data()),
      dialect_(dialect),
      line_(first_line),
      max_record_bytes_(max_record_bytes) {}

void Tokenizer::set_projection(std::span<const int> columns) {
  slot_of_column_.clear();
  projecting_ = !columns.empty();
  projected_width_ = columns.size();
  for (std::size_t slot = 0; slot < columns.size(); ++slot) {
    int c = columns[slot];
    if (c < 0) continue;
    if (static_cast<std::size_t>(c) >= slot_of_column_.size()) slot_of_column_.resize(c + 1, -1);
    slot_of_column_[c] = static_cast<int>(slot);
  }
}

bool Tokenizer::fail(ErrorCode code, std::uint64_t line, const char* record_start,
                     std::uint64_t record_line) {
  failed_ = true;
  error_ = {code, line, record_line, static_cast<std::size_t>(record_start - begin_)};
  pos_ = end_;
  return false;
}

bool Tokenizer::next(Record& r) {
  if (failed_) return false;
  const char delim = dialect_.delimiter;
  const char quote = dialect_.quote;
  const char* p = pos_;

  // Skip empty physical lines; they are counted, never records.
  for (;;) {
    if (p == end_) {
      pos_ = p;
      return false;
    }
    if (*p == '\n') {
      ++p;
    } else if (*p == '\r') {
      p += (p + 1 < end_ && p[1] == '\n') ? 2 : 1;
    } else {
      break;
    }
    ++blank_lines_;
    ++line_;
  }

  const char* const start = p;
  const std::uint64_t start_line = line_;
  // Scanning never goes past `limit`: a runaway quote or a 2 GB line is cut
  // off after max_record_bytes (+1 so a record of exactly max bytes passes).
  const char* const limit =
      static_cast<std::size_t>(end_ - p) > max_record_bytes_ ? p + max_record_bytes_ + 1 : end_;

  r.fields.clear();
  if (projecting_) r.fields.assign(projected_width_, std::string_view{});
  scratch_.clear();
  fixups_.clear();
  std::size_t column = 0;
  const char* content_end;  // end of the record's bytes, before the terminator

  for (;;) {  // one field per iteration
    const bool want = !projecting_ ||
                      (column < slot_of_column_.size() && slot_of_column_[column] >= 0);
    const char* fbegin;
    const char* fend;
    bool scratched = false;
    std::size_t soff = 0;
    const char* stop;  // delimiter, line end, or limit

    if (p < limit && *p == quote) {
      const std::uint64_t open_line = line_;
      const char* seg = p + 1;  // current run of content not yet copied
      const char* c = seg;
      const char* close;
      for (;;) {
        const char* x = scan::find_any3(c, limit, quote, '\n', '\r');
        if (x == limit) {
          if (limit < end_) return fail(ErrorCode::RecordTooLong, start_line, start, start_line);
          return fail(ErrorCode::UnterminatedQuote, open_line, start, start_line);
        }
        if (*x == '\n') {
          ++line_;
          c = x + 1;
        } else if (*x == '\r') {
          ++line_;
          c = x + 1;
          if (c < limit && *c == '\n') ++c;
        } else if (x + 1 < limit && x[1] == quote) {  // "" escape
          if (want) {
            if (!scratched) soff = scratch_.size(), scratched = true;
            scratch_.append(seg, static_cast<std::size_t>(x + 1 - seg));
          }
          seg = c = x + 2;
        } else {
          if (x + 1 == limit && limit < end_)
            return fail(ErrorCode::RecordTooLong, start_line, start, start_line);
          close = x;
          break;
        }
      }
      stop = scan::find_any3(close + 1, limit, delim, '\n', '\r');
      if (stop != close + 1 && want) {  // text after the closing quote: keep it
        if (!scratched) soff = scratch_.size(), scratched = true;
        scratch_.append(seg, static_cast<std::size_t>(close - seg));
        scratch_.append(close + 1, static_cast<std::size_t>(stop - close - 1));
      } else if (scratched) {
        scratch_.append(seg, static_cast<std::size_t>(close - seg));
      }
      fbegin = seg;
      fend = close;
    } else {
      stop = scan::find_any3(p, limit, delim, '\n', '\r');
      fbegin = p;
      fend = stop;
    }

    if (want) {
      std::size_t slot = projecting_ ? static_cast<std::size_t>(slot_of_column_[column]) : column;
      if (scratched) {
        fixups_.push_back({slot, soff, scratch_.size() - soff});
        if (!projecting_) r.fields.emplace_back();
      } else if (projecting_) {
        r.fields[slot] = std::string_view(fbegin, static_cast<std::size_t>(fend - fbegin));
      } else {
        r.fields.emplace_back(fbegin, static_cast<std::size_t>(fend - fbegin));
      }
    }
    ++column;

    if (stop == limit) {
      if (limit < end_) return fail(ErrorCode::RecordTooLong, start_line, start, start_line);
      content_end = stop;  // last record, no terminator
      p = stop;
      ++line_;
      break;
    }
    if (*stop == delim) {
      p = stop + 1;
      continue;
    }
    content_end = stop;
    p = stop + ((*stop == '\r' && stop + 1 < end_ && stop[1] == '\n') ? 2 : 1);
    ++line_;
    break;
  }

  for (const Fixup& f : fixups_) r.fields[f.slot] = std::string_view(scratch_.data() + f.offset, f.length);
  r.field_count = static_cast<std::uint32_t>(column);
  r.line = start_line;
  r.lines = static_cast<std::uint32_t>(line_ - start_line);
  r.raw = std::string_view(start, static_cast<std::size_t>(content_end - start));
  pos_ = p;
  return true;
}

}  // namespace clue::csv
