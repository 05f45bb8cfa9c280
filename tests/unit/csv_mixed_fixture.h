// Generated exports that mix UTF-8 and GB18030, for the encoding tests (csv_encoding_test.cpp,
// golden_encoding_test.cpp). Generated, not committed: the file is 859 lines, and the
// other cases are variations of it.
//
// The 裁判文书 schema (models/schemas/judgments.model): 案号,法院,文书类型,案由,原告,被告,
// 裁判日期,法律事实日期,文书正文. Short one-line judgments in UTF-8, and one long judgment whose
// 文书正文 is a quoted field of many lines in GB18030 (as when a judgment is pasted from a GBK
// system): the case of the issue, where the file was decoded whole as GB18030 and its UTF-8
// header was not found (C0203).
#pragma once

#include <iconv.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace clue::test {

// UTF-8 -> GB18030 with glibc's converter (the reader's table is built from the same one).
inline std::string to_gb18030(std::string_view utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("no GB18030 converter");
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t il = utf8.size();
  char* o = out.data();
  std::size_t ol = out.size();
  const std::size_t r = iconv(cd, &in, &il, &o, &ol);
  iconv_close(cd);
  if (r == static_cast<std::size_t>(-1) || il != 0) throw std::runtime_error("not convertible to GB18030");
  out.resize(out.size() - ol);
  return out;
}

inline const char* const kJudgmentHeader = "案号,法院,文书类型,案由,原告,被告,裁判日期,法律事实日期,文书正文";

// One short judgment in one line, citing the Civil Code (not a repealed law).
inline std::string short_judgment(int i) {
  static const char* const kCourts[] = {"衢江区人民法院", "柯城区人民法院", "江山市人民法院", "龙游县人民法院"};
  static const char* const kCauses[] = {"买卖合同纠纷", "民间借贷纠纷", "劳动争议", "租赁合同纠纷"};
  static const char* const kNames[] = {"张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇"};
  const std::string n = std::to_string(i + 1);  // case numbers start at 1
  return "（2022）浙0803民初" + n + "号," + kCourts[i % 4] + ",判决书," + kCauses[i % 4] + "," + kNames[i % 8] +
         "," + kNames[(i + 3) % 8] + ",2022-03-" + std::to_string(10 + i % 18) + ",2021-0" +
         std::to_string(1 + i % 9) + "-15,依照《中华人民共和国民法典》第五百七十七条之规定，判决如下：被告于本判决生效之日起十日内支付原告" +
         n + "元。";
}

// Line `k` of the long judgment (UTF-8; the fixture writes it in GB18030): about 3,000
// characters of court prose (a judgment of 13 such lines outweighs the 845 short rows in
// invalid bytes, which made the old file-wide detector pick GB18030), with in its first line
// the citation of a repealed law that models/repealed_statutes.model finds, and 㐀 and 𠮷
// (four-byte GB18030: 㐀 in the BMP, 𠮷 beyond) in its last.
inline std::string long_judgment_line(int k, int lines) {
  static const char* const kSentences[] = {
      "原告向本院提出诉讼请求：判令被告支付货款及逾期付款利息，并承担本案诉讼费用。",
      "事实和理由：原、被告之间存在长期买卖合同关系，原告依约供货，被告至今尚欠货款未付。",
      "被告辩称，原告交付的货物存在质量问题，其有权拒绝支付剩余货款，请求驳回原告的诉讼请求。",
      "本院经审理认定事实如下：双方签订的买卖合同系真实意思表示，内容不违反法律规定，合法有效。",
      "原告提交的送货单、对账单及催款函等证据能够相互印证，本院予以采信。",
      "被告主张货物存在质量问题，但未在约定的检验期间内提出异议，亦未提供证据证明，本院不予采信。",
      "本院认为，当事人应当按照约定全面履行自己的义务，被告未按约付款，应承担继续履行及赔偿损失的违约责任。",
  };
  std::string s;
  if (k == 0) s += "本院认为，双方于二〇二一年三月一日签订买卖合同。依照《中华人民共和国合同法》第一百零七条之规定，判决如下。";
  for (int j = 0; s.size() < 9000; ++j) s += kSentences[(k + j) % 7];
  if (k == lines - 1) s += "审判员吉𠮷，书记员周㐀";
  return s;
}

struct JudgmentsFile {
  std::string bytes;               // the file
  int lines = 0;                   // physical lines
  std::vector<int> gb_lines;       // 1-based lines written in GB18030
  std::vector<int> record_line;    // per data record, its first line
  std::vector<std::string> case_no;  // per data record, 案号 (UTF-8)
  std::vector<std::string> text;     // per data record, 文书正文 (UTF-8)
};

// `short_rows` short UTF-8 judgments with the long judgment (of `long_lines` lines) after the
// first `before` of them. whole_record_gb: the long judgment's whole record is GB18030, not
// only its text. crlf: Windows line ends, inside the quoted text too.
inline JudgmentsFile judgments_with_gb_paste(int short_rows, int before, int long_lines, bool whole_record_gb = false,
                                             bool crlf = false) {
  JudgmentsFile f;
  const std::string eol = crlf ? "\r\n" : "\n";
  f.bytes = std::string(kJudgmentHeader) + eol;
  int line = 2;
  auto add_short = [&](int i) {
    const std::string row = short_judgment(i);
    f.bytes += row + eol;
    f.record_line.push_back(line++);
    f.case_no.push_back(row.substr(0, row.find(',')));
    f.text.push_back(row.substr(row.rfind(',') + 1));
  };
  for (int i = 0; i < before; ++i) add_short(i);
  {
    const std::string fields = "（2022）浙0803民初9999号,衢江区人民法院,判决书,买卖合同纠纷,吉祥商贸有限公司,周敏,2022-06-30,2021-03-01,";
    std::string text, gb_text;  // the line ends inside the quotes are the file's
    for (int k = 0; k < long_lines; ++k) {
      text += (k ? eol : "") + long_judgment_line(k, long_lines);
      gb_text += (k ? eol : "") + to_gb18030(long_judgment_line(k, long_lines));
    }
    f.bytes += (whole_record_gb ? to_gb18030(fields) : fields) + "\"" + gb_text + "\"" + eol;
    f.record_line.push_back(line);
    f.case_no.push_back(fields.substr(0, fields.find(',')));
    f.text.push_back(text);
    for (int k = 0; k < long_lines; ++k) f.gb_lines.push_back(line + k);
    line += long_lines;
  }
  for (int i = before; i < short_rows; ++i) add_short(i);
  f.lines = line - 1;
  return f;
}

// A GB18030 export of `rows` short judgments, with the rows whose index is in `utf8_rows`
// left in UTF-8 (pasted from a UTF-8 file). Line of row i: i + 2.
inline JudgmentsFile gb18030_judgments(int rows, const std::vector<int>& utf8_rows) {
  JudgmentsFile f;
  f.bytes = to_gb18030(kJudgmentHeader) + "\r\n";
  for (int i = 0; i < rows; ++i) {
    const std::string row = short_judgment(i);
    bool utf8 = false;
    for (int u : utf8_rows) utf8 |= u == i;
    f.bytes += (utf8 ? row : to_gb18030(row)) + "\r\n";
    f.record_line.push_back(i + 2);
    f.case_no.push_back(row.substr(0, row.find(',')));
    f.text.push_back(row.substr(row.rfind(',') + 1));
    if (utf8) f.gb_lines.push_back(i + 2);  // here: the lines *not* in the file's encoding
  }
  f.lines = rows + 1;
  return f;
}

}  // namespace clue::test
