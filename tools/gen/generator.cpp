// clue-gen: see gen.h and docs/sample-data.md.
//
// Structure. Planted rows (traps and bulk leads) are built first, as records,
// and every lead they create is recorded in the model's expected list at the
// moment it is planted. Then each file is streamed: background rows are drawn
// from a content stream, planted rows are put at random positions, and every
// cell is spelled (date, money, ID and 案号 forms) from a separate dirt
// stream. So --dirt on/off changes spellings only, never the entities.
//
// Why background rows cannot create leads: people are drawn from disjoint
// identity pools (the pool is the first digit of the 3-digit sequence number):
//   0 planted   1 终本 debtors   2 civil plaintiffs   3 公积金 holders
//   4 低保 households   5 pensioners   6 other electricity customers
// Background 终本 debtors (pool 1) appear nowhere else except as civil
// 被告, with 封存 zero-balance 公积金 accounts; civil plaintiffs (pool 2) have at
// most 3 cases each; every background 低保 household gets a 2024 电费减免 record
// in a valid ID form; background schools and bars sit in distinct 700 m grid
// cells (>= 300 m apart).
#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <set>
#include <stdexcept>

#include "tools/gen/gen.h"
#include "tools/gen/gen_util.h"
#include "tools/gen/tables.h"

namespace clue::gen {

const std::vector<FileSpec>& file_specs() {
  static const std::vector<FileSpec> specs = {
      {"终本案件.csv",
       {"案号", "法院", "被执行人", "被执行人身份证号", "申请执行人", "执行标的金额(元)", "未履行金额(元)",
        "终本日期", "是否履行完毕", "立案日期"}},
      {"民事案件.csv",
       {"案号", "法院", "案由", "原告", "原告身份证号", "被告", "被告身份证号", "结案方式", "结案日期",
        "判决金额(元)"}},
      {"公积金.csv", {"个人账号", "姓名", "身份证号", "单位名称", "账户状态", "余额(元)", "更新日期"}},
      {"养老金.csv", {"姓名", "身份证号", "险种", "月发放金额(元)", "发放月份"}},
      {"低保.csv", {"户主姓名", "身份证号", "家庭人口数", "月保障金额(元)", "乡镇(街道)", "家庭住址", "认定日期"}},
      {"电费减免.csv", {"户号", "户名", "身份证号", "减免月份", "减免电量(度)"}},
      {"学校.csv", {"学校名称", "学校类型", "地址", "经度", "纬度", "建校日期"}},
      {"酒吧.csv", {"酒吧名称", "统一社会信用代码", "经营地址", "经度", "纬度", "营业执照日期"}},
      // models 7-11: the headers of models/schemas/{enforcement,auctions,judgments,custody}.model
      {"限制消费令.csv", {"案号", "执行法院", "被执行人", "被限制人", "证件号码", "发布日期", "解除日期"}},
      {"出行住宿记录.csv", {"姓名", "证件号码", "类型", "日期", "详情", "数据来源"}},
      {"网络司法拍卖公告.csv",
       {"拍卖标的", "标的类型", "拍卖轮次", "拍卖平台", "执行法院", "执行案号", "公告发布日期", "开拍时间", "评估价(元)",
        "起拍价(元)", "保证金(元)"}},
      {"裁判文书.csv", {"案号", "法院", "文书类型", "案由", "原告", "被告", "裁判日期", "法律事实日期", "文书正文"}},
      {"在押人员.csv",
       {"姓名", "身份证号", "监管场所", "案件编号", "强制措施", "诉讼阶段", "阶段起算日期", "已延长次数", "办案单位"}},
  };
  return specs;
}

std::int64_t nominal_rows(std::string_view file, std::int64_t n) {
  if (file == "终本案件.csv") return n;
  if (file == "民事案件.csv") return 2 * n;
  if (file == "公积金.csv") return n / 2;
  if (file == "养老金.csv") return n;
  if (file == "低保.csv") return n / 10;
  if (file == "电费减免.csv") return n / 2;
  if (file == "学校.csv") return n / 10;
  if (file == "酒吧.csv") return n / 5;
  if (file == "限制消费令.csv") return n / 5;
  if (file == "出行住宿记录.csv") return n;
  if (file == "网络司法拍卖公告.csv") return n / 20;
  if (file == "裁判文书.csv") return n / 10;
  if (file == "在押人员.csv") return n / 20;
  return 0;
}

namespace {

using i64 = std::int64_t;
using u64 = std::uint64_t;

int D(int y, int m, int d) { return days_from_civil(y, m, d); }

constexpr double kEarthR = 6371008.8;
constexpr double kPi = 3.14159265358979323846;
constexpr double kMetresPerDegLat = kEarthR * kPi / 180.0;

double haversine_m(double lon1, double lat1, double lon2, double lat2) {
  const double r = kPi / 180.0;
  const double dphi = (lat2 - lat1) * r, dl = (lon2 - lon1) * r;
  const double a = std::sin(dphi / 2) * std::sin(dphi / 2) +
                   std::cos(lat1 * r) * std::cos(lat2 * r) * std::sin(dl / 2) * std::sin(dl / 2);
  return 2 * kEarthR * std::asin(std::sqrt(a));
}

std::string fmt_coord(double v, int prec) {
  char b[32];
  std::snprintf(b, sizeof b, "%.*f", prec, v);
  return b;
}

// ------------------------------------------------------------------ cells --

enum class IdKind : std::uint8_t {
  Empty,      // no ID (companies)
  Auto,       // valid; any valid spelling when dirt is on
  Fifteen,    // valid; 15-digit legacy form when dirt is on
  FullWidth,  // valid; full-width digits when dirt is on
  LowerX,     // valid; lower-case x when dirt is on (the ID must end in X)
  Padded,     // valid; padded with spaces / U+3000 when dirt is on
  Uscc,       // a company's USCC written in the ID column (v is the USCC)
  BadCheck,   // invalid: wrong check digit (always)
  ExcelFloat, // invalid: 3.30802E+17 (always)
  Literal,    // invalid: v written as is (always), e.g. 3.30802E+16
  Trunc000,   // invalid: Excel kept 15 digits, the rest became 000 (always)
  Masked,     // invalid: 330803********1234 (always)
};
struct IdCell {
  IdKind kind = IdKind::Empty;
  std::string v;  // the valid 18-character ID, or the literal
};
IdCell id(IdKind k, const std::string& v) { return {k, v}; }

struct CaseNo {
  int year = 0;
  int court = 0;
  bool exec = true;  // 执 or 民初
  int number = 0;
};
std::string canon(const CaseNo& c) {
  std::string s = "（" + std::to_string(c.year) + "）" + kCourts[c.court].code;
  s += c.exec ? "执" : "民初";
  s += std::to_string(c.number) + "号";
  return s;
}

enum CaseForm { kCaseCanon = 0, kCaseAscii = 1, kCaseTortoise = 2, kCaseFullDigits = 3, kCaseAuto = -1 };

// ---------------------------------------------------------------- records --

struct ZbRec {
  CaseNo cn;
  std::string debtor;
  IdCell id;
  std::string applicant;
  i64 target = 0, unpaid = 0;
  int zb_date = 0, filed = 0;
  bool done = false;
};
struct MsRec {
  CaseNo cn;
  const char* cause = "";
  std::string pname;
  IdCell pid;
  std::string dname;
  IdCell did;
  const char* how = "";
  int close = 0;
  i64 amount = -1;  // < 0: empty
  int case_form = kCaseAuto;
};
struct GjjRec {
  std::string acct, name;
  IdCell id;
  std::string unit;
  const char* status = "正常";
  i64 balance = 0;
  int date = 0;
};
struct YljRec {
  std::string name;
  IdCell id;
  const char* kind = "";
  i64 amount = 0;
  int y = 0, m = 0;
  int mform = -1;
};
struct DbRec {
  std::string name;
  IdCell id;
  int size = 1;
  i64 amount = 0;
  std::string town, addr;
  int date = 0;
};
struct DfRec {
  std::string hh, name;
  IdCell id;
  int y = 0, m = 0;
  int kwh = 10;
  int mform = -1;
};
struct GeoRec {  // a school or a bar
  std::string name, kind_or_uscc, addr, lon, lat;
  int date = 0;
};

// ------------------------------------------------------------- expected --

struct Trap {
  std::string id, desc;
  i64 leads = 0;
};
struct ModelExp {
  std::string name;
  std::vector<std::string> columns;
  std::vector<bool> numeric;
  std::vector<std::vector<std::string>> keys;
  std::vector<Trap> traps;
  i64 bulk = 0;
};

struct FileMeta {
  std::string name;
  i64 rows = 0, malformed = 0;
  i64 pasted = 0;  // records written in GB18030 into a UTF-8 file
  int title_rows = 0, trailer_rows = 0;
  bool gb18030 = false, bom = false, crlf = false;
};

// Models 7-11 may have several outputs: one expectation per (model, output).
struct OutExp {
  std::string model, output;
  std::vector<std::string> columns;
  std::vector<bool> numeric;
  std::vector<std::vector<std::string>> keys;
  std::vector<Trap> traps;
  i64 bulk = 0;
};
struct XgRec {  // 限制消费令
  CaseNo cn;
  std::string debtor, restricted;
  IdCell id;
  int pub = 0, lift = -1;  // lift < 0: empty 解除日期
};
struct CxRec {  // 出行住宿记录
  std::string name;
  IdCell id;
  const char* type = "";
  int date = 0;
  int form = -1;     // forced DateForm, or -1
  int clock = -1;    // minutes after midnight written after the date, or -1
  std::string detail;
  const char* source = "";
};
struct PmRec {  // 网络司法拍卖公告
  std::string item;
  const char* type = "";
  const char* round = "一拍";
  const char* platform = "";
  CaseNo cn;
  int pub = 0, start = 0, hour = 10;
  i64 appraisal = -1, reserve = 0, deposit = 0;  // cents; appraisal < 0: empty
};
struct WsRec {  // 裁判文书
  CaseNo cn;
  const char* doctype = "判决书";
  const char* cause = "";
  std::string plaintiff, defendant;
  int date = 0, fact = -1;  // fact < 0: empty
  int date_form = -1;
  std::string text;
};
struct ZyRec {  // 在押人员
  std::string name;
  IdCell id;
  std::string centre, caseid;
  const char* measure = "逮捕";
  std::string stage;
  int start = 0, ext = 0;  // ext < 0: empty
  std::string unit;
};

// Spelling of cells: one per file, drawing from that file's dirt stream.
struct Speller {
  Rng r;
  bool on;
  std::set<std::string>* invalid;
  int bad_budget = 10, float_budget = 10;  // background invalid IDs per file

  void date(std::string& o, int d) {
    DateForm f = DateForm::Iso;
    if (on) {
      const auto k = r.below(1000);
      f = k < 800 ? DateForm::Iso : k < 870 ? DateForm::Slash : k < 930 ? DateForm::Chinese : k < 980 ? DateForm::Compact : DateForm::Numerals;
    }
    append_date(o, d, f);
  }
  void month(std::string& o, int y, int m, int forced) {
    MonthForm f = MonthForm::Iso;
    if (on) {
      if (forced >= 0) {
        f = static_cast<MonthForm>(forced);
      } else {
        const auto k = r.below(1000);
        f = k < 700 ? MonthForm::Iso : k < 850 ? MonthForm::Compact : k < 950 ? MonthForm::Chinese : MonthForm::Slash;
      }
    }
    append_month(o, y, m, f);
  }
  void money(std::string& o, i64 cents) {
    MoneyForm f = MoneyForm::Plain;
    if (on) {
      const auto k = r.below(1000);
      f = k < 800 ? MoneyForm::Plain : k < 900 ? MoneyForm::Thousands : k < 950 ? MoneyForm::Yen : MoneyForm::YenFull;
    }
    append_money(o, cents, f);
  }
  void name(std::string& o, std::string_view n) {
    if (!on) return void(o.append(n));
    const auto dot = n.find("·");
    const auto k = r.below(1000);
    if (dot != std::string_view::npos && k < 300) {
      static const char* const variants[] = {"•", "・", "．"};
      o.append(n.substr(0, dot)).append(variants[k % 3]).append(n.substr(dot + 2));
    } else if (dot == std::string_view::npos && n.size() == 6 && k < 10) {
      o.append(n.substr(0, 3)).append("\u3000").append(n.substr(3));  // 张　三
    } else if (k >= 990) {
      o.append(" ").append(n).append(" ");
    } else {
      o.append(n);
    }
  }
  void caseno(std::string& o, const CaseNo& c, int forced) {
    int f = kCaseCanon;
    if (on) {
      if (forced >= 0) {
        f = forced;
      } else {
        const auto k = r.below(1000);
        f = k < 650 ? kCaseCanon : k < 900 ? kCaseAscii : k < 970 ? kCaseTortoise : kCaseFullDigits;
      }
    }
    const std::string year = std::to_string(c.year), num = std::to_string(c.number);
    const char* type = c.exec ? "执" : "民初";
    const Court& ct = kCourts[c.court];
    switch (f) {
      case kCaseAscii: o += "(" + year + ")" + ct.code + type + num + "号"; break;
      case kCaseTortoise: o += "〔" + year + "〕" + ct.code + type + num + "号"; break;
      case kCaseFullDigits: o += "（" + fullwidth(year) + "）浙" + fullwidth(ct.code + 3) + type + fullwidth(num) + "号"; break;
      default: o += "（" + year + "）" + ct.code + type + num + "号"; break;
    }
  }
  // Background ID: a few deliberately invalid ones (never in 电费减免.csv).
  IdCell bg(const std::string& id18, bool allow_invalid = true) {
    if (on && allow_invalid) {
      const auto k = r.below(1000);
      if (k < 2 && bad_budget > 0) return --bad_budget, IdCell{IdKind::BadCheck, id18};
      if (k >= 998 && float_budget > 0) return --float_budget, IdCell{IdKind::ExcelFloat, id18};
    }
    return {IdKind::Auto, id18};
  }
  void id(std::string& o, const IdCell& c) {
    const std::string& v = c.v;
    auto bad = [&](std::string s) {
      invalid->insert(s);
      o += s;
    };
    auto fifteen = [&] { o.append(v, 0, 6).append(v, 8, 9); };
    auto lower_x = [&] { o.append(v, 0, 17), o += 'x'; };
    auto padded = [&] {
      switch (r.below(3)) {
        case 0: o += " " + v + " "; break;
        case 1: o += "\u3000" + v; break;
        default: o += v.substr(0, 6) + " " + v.substr(6, 8) + " " + v.substr(14); break;
      }
    };
    switch (c.kind) {
      case IdKind::Empty: break;
      case IdKind::Uscc: o += v; break;
      case IdKind::Auto: {
        if (!on) return void(o += v);
        const auto k = r.below(1000);
        if (k < 30) fifteen();
        else if (k < 45) o += fullwidth(v);
        else if (k < 60) padded();
        else if (k < 160 && v[17] == 'X') lower_x();
        else o += v;
        break;
      }
      case IdKind::Fifteen: on ? fifteen() : void(o += v); break;
      case IdKind::FullWidth: o += on ? fullwidth(v) : v; break;
      case IdKind::LowerX: on ? lower_x() : void(o += v); break;
      case IdKind::Padded: on ? padded() : void(o += v); break;
      case IdKind::BadCheck: {
        static constexpr std::string_view chars = "0123456789X";
        std::string s = v;
        s[17] = chars[(chars.find(v[17]) + 1) % 11];  // the same wrong digit every time
        bad(s);
        break;
      }
      case IdKind::ExcelFloat: bad(v.substr(0, 1) + "." + v.substr(1, 5) + "E+17"); break;
      case IdKind::Literal: bad(v); break;
      case IdKind::Trunc000: bad(v.substr(0, 15) + "000"); break;
      case IdKind::Masked: bad(v.substr(0, 6) + "********" + v.substr(14)); break;
    }
  }
};

// Joins fields into a CSV record.
struct Row {
  std::vector<std::string> f;
  explicit Row(std::size_t n) : f(n) {}
  std::string& operator[](std::size_t i) { return f[i]; }
  void clear() {
    for (auto& s : f) s.clear();
  }
  void join(std::string& line, bool drop_last = false, int insert_extra_at = -1) const {
    line.clear();
    for (std::size_t i = 0; i < f.size(); ++i) {
      if (drop_last && i + 1 == f.size()) break;
      if (static_cast<int>(i) == insert_extra_at) append_field(line, "营业部", i == 0);
      append_field(line, f[i], i == 0 && insert_extra_at != 0);
    }
  }
};

// Streams T rows: planted ones at uniformly random positions, background otherwise.
template <class P, class Bg, class Emit>
void interleave(i64 total, std::vector<P>& planted, Rng& pos, Bg&& background, Emit&& emit) {
  for (std::size_t i = planted.size(); i > 1; --i) std::swap(planted[i - 1], planted[pos.below(i)]);
  i64 need = static_cast<i64>(planted.size());
  std::size_t next = 0;
  for (i64 t = 0; t < total; ++t) {
    if (need > 0 && static_cast<i64>(pos.below(static_cast<u64>(total - t))) < need) {
      emit(planted[next++], true);
      --need;
    } else {
      background();
    }
  }
}

// =============================================================== generator ==

class Generator {
 public:
  explicit Generator(const Options& o);
  Summary run();

 private:
  // identities
  std::string id18(int pool, i64 idx) const;
  std::string person_name(int pool, i64 idx) const;
  std::string company(u64 h) const;
  struct Person {
    std::string id, name;
  };
  enum class Need { Any, EndsInX, Region330802, Trunc000Invalid };
  Person planted(Need need = Need::Any);

  // planted records
  struct ZbRef {
    std::string cn;
    int date;
  };
  ZbRef zb(const Person& p, IdCell cell, int zb_date, bool done = false);
  std::string ms(const std::string& pname, IdCell pid, const char* how, int close, const char* cause = nullptr,
                 int case_form = kCaseAuto);
  void gjj(const Person& p, IdCell cell, const char* status, i64 balance);
  void ylj(const Person& p, IdCell cell, int y, int m, int mform = -1);
  void db(const Person& p, IdCell cell);
  void df(const Person& p, IdCell cell, int y, int m, int mform = -1, const std::string* name = nullptr);
  CaseNo next_case(int court, int year, bool exec);
  std::string hh_number(i64 serial) const;
  std::string acct_number(i64 serial) const;
  std::string school_name(int court, int type);
  std::string bar_name(int court);
  std::string uscc(i64 serial, int court, bool individual) const;
  std::string address(u64 h, int court) const;

  // traps per model
  void begin_trap(int model) { mark_ = models_[model].keys.size(); }
  void end_trap(int model, const char* id, const char* desc) {
    models_[model].traps.push_back({id, desc, static_cast<i64>(models_[model].keys.size() - mark_)});
  }
  void lead_due(const ZbRef& z, const std::string& civil) {
    models_[0].keys.push_back({z.cn, civil, z.date < D(2022, 1, 1) ? "2022年前" : "2022年后"});
  }
  void plant_due_claims();
  void plant_provident();
  void plant_pension();
  void plant_combo();
  void plant_lowincome();
  void plant_bars();
  void plant_lenders();

  // models 7-11 (tools/gen/models7_11.inc)
  int out_of(const char* model, const char* output) const;
  void trap_begin();
  void trap_end(const char* model, const char* id, const char* desc);
  void bulk_end(const char* model);
  CaseNo next_case2(int court, int year, bool exec);
  void init_more();
  void plant_restricted();
  void plant_auctions();
  void plant_judgments();
  void plant_custody();
  void write_xg();
  void write_cx();
  void write_pm();
  void write_ws();
  void write_zy();
  void write_expected_more(std::string& o);
  std::string judgment_text(Rng& r, const WsRec& w, const std::string& cites, const std::string& facts);
  std::string cite(Rng& r, const char* law, const char* article, bool full);
  std::string law_prefix_cites(Rng& r, int mask, std::string& listed);
  std::string caseid(int level, int court, i64 serial);

  // geometry
  void cell_center(i64 k, double& lon, double& lat) const;

  // files
  FileMeta& meta(const char* name);
  void write_zb();
  void write_ms();
  void write_gjj();
  void write_ylj();
  void write_db();
  void write_df();
  void write_schools();
  void write_bars();
  void write_expected(const std::vector<FileMeta>& files);
  std::string path(const char* name) const { return (std::filesystem::path(opt_.out_dir) / name).string(); }
  Speller speller(u64 purpose) { return Speller{stream(opt_.seed, purpose), opt_.dirt, &invalid_}; }

  Options opt_;
  // Background 终本 debtors (pool 1): ~1.1 cases each when sparse, ~2.6 when realistic.
  i64 background_debtors() const { return std::max<i64>(1, realistic_ ? n_ * 3 / 10 : n_ * 7 / 10); }
  i64 n_, bulk_;
  i64 dense_;  // planted debtors of due_claims and provident_fund (Density)
  bool realistic_;
  i64 cap_ = 0, mult_ = 0;
  int first_day_ = 0, day_count_ = 0;
  u64 pool_offset_[10] = {};
  u64 name_salt_ = 0;
  std::vector<int> case_ctr_;
  std::vector<int> school_ctr_, bar_ctr_;
  i64 acct_serial_ = 0, bar_serial_ = 0;
  i64 planted_idx_ = 0;
  Rng rng_;  // planted content
  std::size_t mark_ = 0;

  // planted rows
  std::vector<ZbRec> zb_;
  std::vector<MsRec> ms_;
  std::vector<GjjRec> gjj_;
  std::vector<YljRec> ylj_;
  std::vector<DbRec> db_;
  std::vector<DfRec> df_;
  std::vector<GeoRec> schools_, bars_;

  // sizes and grid
  i64 t_xx_ = 0, t_jb_ = 0, planted_schools_ = 0;
  i64 grid_w_ = 0, grid_c_ = 0, grid_a_ = 0, grid_b_ = 0;
  double dlat_ = 0, dlon_ = 0;

  std::array<ModelExp, 6> models_;
  std::vector<OutExp> outs_;
  std::vector<std::size_t> omark_;
  std::vector<int> case2_ctr_;
  Rng rng2_;  // planted content of models 7-11
  i64 case_serial_ = 0;
  std::vector<XgRec> xg_;
  std::vector<CxRec> cx_;
  std::vector<PmRec> pm_;
  std::vector<WsRec> ws_;
  std::vector<ZyRec> zy_;
  std::set<std::string> invalid_;
  std::map<std::string, i64> hh_of_;
  std::vector<FileMeta> files_;
};

Generator::Generator(const Options& o)
    : opt_(o), n_(o.scale), bulk_(o.scale / 1000), dense_(o.density == Density::Realistic ? std::max<i64>(1, o.scale / 50) : o.scale / 1000),
      realistic_(o.density == Density::Realistic), rng_(stream(o.seed, 1)), rng2_(stream(o.seed, 13)) {
  if (n_ < 1 || n_ > 30'000'000) throw std::runtime_error("--scale must be between 1 and 30000000");
  first_day_ = D(1950, 1, 1);
  day_count_ = D(2000, 1, 1) - first_day_;
  cap_ = static_cast<i64>(kCourtCount) * day_count_ * 100;
  mult_ = static_cast<i64>(0x9E3779B1ULL % static_cast<u64>(cap_)) | 1;
  while (std::gcd(mult_, cap_) != 1) mult_ += 2;
  for (int p = 0; p < 10; ++p) pool_offset_[p] = mix64(o.seed * 16 + p + 1) % static_cast<u64>(cap_);
  name_salt_ = mix64(o.seed ^ 0x6e616d6573ULL);
  Rng init = stream(o.seed, 2);
  case_ctr_.resize(2 * kCourtCount * 64);
  for (int& c : case_ctr_) c = static_cast<int>(init.range(1, 400));
  school_ctr_.assign(kCourtCount * kSchoolTypeCount, 0);
  bar_ctr_.assign(kBarBrandCount, 0);

  const char* names[] = {"due_claims", "provident_fund", "pension", "lowincome_power", "bars_near_schools",
                         "professional_lenders"};
  const std::vector<std::vector<std::string>> cols = {{"终本案号", "民事案号", "时段"}, {"案号", "身份证号"}, {"案号"},
                                                      {"身份证号"}, {"酒吧名称", "学校名称", "距离(米)"},
                                                      {"原告身份证号", "案件数"}};
  for (int i = 0; i < 6; ++i) {
    models_[i].name = names[i];
    models_[i].columns = cols[i];
    models_[i].numeric.assign(cols[i].size(), false);
  }
  models_[4].numeric[2] = models_[5].numeric[1] = true;
  init_more();

  // Geometry: every school (planted ones with their bars) and every background
  // bar gets its own 700 m cell; cells are visited in a scrambled order.
  planted_schools_ = 1 + bulk_;
  t_xx_ = std::max(nominal_rows("学校.csv", n_), planted_schools_);
  t_jb_ = std::max(nominal_rows("酒吧.csv", n_), 7 + bulk_);
  const i64 needed = t_xx_ + (t_jb_ - 7 - bulk_);
  grid_w_ = std::max<i64>(4, static_cast<i64>(std::ceil(std::sqrt(needed * 1.25))));
  const i64 h = (needed * 5 / 4 + grid_w_ - 1) / grid_w_ + 1;
  grid_c_ = grid_w_ * h;
  grid_a_ = static_cast<i64>(0x5851F42DULL % static_cast<u64>(grid_c_)) | 1;
  while (std::gcd(grid_a_, grid_c_) != 1) grid_a_ += 1;
  grid_b_ = static_cast<i64>(mix64(o.seed ^ 0x67726964ULL) % static_cast<u64>(grid_c_));
  dlat_ = 700.0 / kMetresPerDegLat;
  const double lat_max = 28.0 + static_cast<double>(h + 1) * dlat_;
  dlon_ = 700.0 / (kMetresPerDegLat * std::cos(lat_max * kPi / 180.0));
}

void Generator::cell_center(i64 k, double& lon, double& lat) const {
  const i64 cell = static_cast<i64>((static_cast<unsigned __int128>(k) * grid_a_ + grid_b_) % grid_c_);
  lat = 28.0 + (static_cast<double>(cell / grid_w_) + 0.5) * dlat_;
  lon = 118.0 + (static_cast<double>(cell % grid_w_) + 0.5) * dlon_;
}

std::string Generator::id18(int pool, i64 idx) const {
  if (idx < 0 || idx >= cap_) throw std::runtime_error("identity pool exhausted (scale too large)");
  u64 x = (static_cast<u64>(idx) * static_cast<u64>(mult_) + pool_offset_[pool]) % static_cast<u64>(cap_);
  const int region = static_cast<int>(x % kCourtCount);
  x /= kCourtCount;
  const int day = first_day_ + static_cast<int>(x % static_cast<u64>(day_count_));
  x /= static_cast<u64>(day_count_);
  std::string s = kCourts[region].region;
  append_date(s, day, DateForm::Compact);
  const int seq = pool * 100 + static_cast<int>(x);
  s += static_cast<char>('0' + seq / 100);
  s += static_cast<char>('0' + seq / 10 % 10);
  s += static_cast<char>('0' + seq % 10);
  s += idcard_check(s);
  return s;
}

std::string Generator::person_name(int pool, i64 idx) const {
  const u64 h = mix64(name_salt_ ^ (static_cast<u64>(pool) << 56) ^ static_cast<u64>(idx));
  if (h % 1000 < 25) return kMinority[(h >> 10) % std::size(kMinority)];
  std::string s = kSurnames[(h >> 16) % std::size(kSurnames)];
  const char* g = kGiven[(h >> 24) % std::size(kGiven)];
  s += g;
  if (std::strlen(g) == 3 && (h >> 40) % 3 == 0) {  // a second single character
    std::size_t k = (h >> 44) % std::size(kGiven);
    while (std::strlen(kGiven[k]) != 3) k = (k + 1) % std::size(kGiven);
    s += kGiven[k];
  }
  return s;
}

std::string Generator::company(u64 h) const {
  const Court& c = kCourts[h % kCourtCount];
  return std::string(c.city) + kTrade[(h >> 8) % std::size(kTrade)] + kIndustry[(h >> 16) % std::size(kIndustry)] +
         "有限公司";
}

std::string Generator::address(u64 h, int court) const {
  const Court& c = kCourts[court];
  return std::string(c.city) + c.district + kStreets[(h >> 8) % std::size(kStreets)] + "路" +
         std::to_string(1 + (h >> 20) % 388) + "号";
}

Generator::Person Generator::planted(Need need) {
  for (;;) {
    const i64 idx = planted_idx_++;
    std::string s = id18(0, idx);
    bool ok = true;
    switch (need) {
      case Need::Any: break;
      case Need::EndsInX: ok = s[17] == 'X'; break;
      case Need::Region330802: ok = s.compare(0, 6, "330802") == 0; break;
      case Need::Trunc000Invalid: ok = idcard_check(s.substr(0, 15) + "00") != '0'; break;
    }
    if (ok) return {s, person_name(0, idx)};
  }
}

CaseNo Generator::next_case(int court, int year, bool exec) {
  int& c = case_ctr_[((exec ? 1 : 0) * kCourtCount + court) * 64 + std::clamp(year - 2000, 0, 63)];
  return CaseNo{year, court, exec, c++};
}

std::string Generator::hh_number(i64 serial) const {  // 户号: 12 digits, unique per serial
  const u64 x = (static_cast<u64>(serial) * 7919ULL * 104729ULL + 1234567ULL) % 10'000'000'000ULL;
  char b[16];
  std::snprintf(b, sizeof b, "33%010llu", static_cast<unsigned long long>(x));
  return b;
}

std::string Generator::acct_number(i64 serial) const {  // 个人账号: 12 digits
  const u64 x = (static_cast<u64>(serial) * 7919ULL * 15485863ULL + 7654321ULL) % 10'000'000'000ULL;
  char b[16];
  std::snprintf(b, sizeof b, "08%010llu", static_cast<unsigned long long>(x));
  return b;
}

std::string Generator::uscc(i64 serial, int court, bool individual) const {
  const u64 x = (static_cast<u64>(serial) * 7919ULL + 31415926ULL) % 100'000'000ULL;
  char org[12];
  std::snprintf(org, sizeof org, "%08llu", static_cast<unsigned long long>(x));
  std::string s = individual ? "92" : "91";
  s += kCourts[court].region;
  s += org;
  s += orgcode_check(org);
  s += uscc_check(s);
  return s;
}

std::string Generator::school_name(int court, int type) {
  const int n = ++school_ctr_[court * kSchoolTypeCount + type];
  return std::string(kCourts[court].city) + kCourts[court].district + "第" + std::to_string(n) +
         kSchoolTypes[type].suffix;
}

std::string Generator::bar_name(int court) {
  const int brand = static_cast<int>(bar_serial_ % kBarBrandCount);
  const int n = ++bar_ctr_[brand];
  return std::string(kBarBrands[brand]) + kBarKinds[(bar_serial_ / kBarBrandCount) % std::size(kBarKinds)] + "（" +
         kCourts[court].district + std::to_string(n) + "号店）";
}

// ------------------------------------------------------------ planting --

Generator::ZbRef Generator::zb(const Person& p, IdCell cell, int zb_date, bool done) {
  ZbRec r;
  r.filed = zb_date - static_cast<int>(rng_.range(90, 720));
  r.cn = next_case(static_cast<int>(rng_.below(kCourtCount)), year_of(r.filed), true);
  r.debtor = p.name;
  r.id = std::move(cell);
  r.applicant = rng_.per_mille(500) ? company(rng_.next()) : person_name(2, static_cast<i64>(rng_.below(1000000)));
  r.target = rng_.range(5'000'00, 900'000'00);
  r.unpaid = done ? 0 : rng_.range(1'000'00, r.target);
  r.zb_date = zb_date;
  r.done = done;
  zb_.push_back(r);
  return {canon(r.cn), zb_date};
}

std::string Generator::ms(const std::string& pname, IdCell pid, const char* how, int close, const char* cause,
                          int case_form) {
  MsRec r;
  const int year = year_of(close) - (rng_.per_mille(400) ? 1 : 0);
  r.cn = next_case(static_cast<int>(rng_.below(kCourtCount)), year, false);
  r.cause = cause ? cause : kCauses[1 + rng_.below(std::size(kCauses) - 1)];
  r.pname = pname;
  r.pid = std::move(pid);
  const i64 d = static_cast<i64>(rng_.below(1'000'000));
  r.dname = person_name(2, d);
  r.did = IdCell{IdKind::Auto, id18(2, d)};
  r.how = how;
  r.close = close;
  if (std::strcmp(how, "判决") == 0 || std::strcmp(how, "调解成功") == 0) r.amount = rng_.range(2'000'00, 500'000'00);
  r.case_form = case_form;
  ms_.push_back(r);
  return canon(r.cn);
}

void Generator::gjj(const Person& p, IdCell cell, const char* status, i64 balance) {
  GjjRec r;
  r.acct = acct_number(acct_serial_++);
  r.name = p.name;
  r.id = std::move(cell);
  r.unit = company(rng_.next());
  r.status = status;
  r.balance = balance;
  r.date = D(2024, 1, 1) + static_cast<int>(rng_.below(366));
  gjj_.push_back(r);
}

void Generator::ylj(const Person& p, IdCell cell, int y, int m, int mform) {
  YljRec r;
  r.name = p.name;
  r.id = std::move(cell);
  r.kind = "城乡居民基本养老保险";
  r.amount = 23500;
  r.y = y, r.m = m, r.mform = mform;
  ylj_.push_back(r);
}

void Generator::db(const Person& p, IdCell cell) {
  DbRec r;
  const int court = static_cast<int>(rng_.below(kCourtCount));
  r.name = p.name;
  r.id = std::move(cell);
  r.size = static_cast<int>(rng_.range(1, 5));
  r.amount = rng_.range(300, 2500) * 100;
  r.town = kTowns[rng_.below(std::size(kTowns))];
  r.addr = std::string(kCourts[court].district) + r.town + kVillages[rng_.below(std::size(kVillages))];
  r.addr += std::to_string(rng_.range(1, 200)) + "号";
  r.date = D(2016, 1, 1) + static_cast<int>(rng_.below(3000));
  db_.push_back(r);
}

void Generator::df(const Person& p, IdCell cell, int y, int m, int mform, const std::string* name) {
  DfRec r;
  auto it = hh_of_.try_emplace(p.id, static_cast<i64>(hh_of_.size())).first;  // planted: serial < 1e8
  r.hh = hh_number(it->second);
  r.name = name ? *name : p.name;
  r.id = std::move(cell);
  r.y = y, r.m = m, r.mform = mform;
  r.kwh = rng_.per_mille(500) ? 10 : 15;
  df_.push_back(r);
}

constexpr int kISO = static_cast<int>(MonthForm::Iso), kCOMPACT = static_cast<int>(MonthForm::Compact),
              kCHINESE = static_cast<int>(MonthForm::Chinese);

IdCell A(const std::string& v) { return {IdKind::Auto, v}; }

void Generator::plant_due_claims() {
  const int M = 0;
  {
    begin_trap(M);
    const Person p = planted();
    const auto c1 = zb(p, A(p.id), D(2021, 12, 31)), c2 = zb(p, A(p.id), D(2022, 1, 1)),
               c3 = zb(p, A(p.id), D(2023, 5, 10));
    zb(p, A(p.id), D(2022, 6, 1), true);
    const auto m1 = ms(p.name, A(p.id), "判决", D(2022, 8, 1));
    lead_due(c1, m1), lead_due(c2, m1), lead_due(c3, m1);
    end_trap(M, "D1", "debtor with four 终本 cases (否 on 2021-12-31, 2022-01-01, 2023-05-10; 是 on 2022-06-01) and one 判决 case as 原告: 3 pairs, 时段 split at 2022-01-01");
  }
  {
    begin_trap(M);
    const Person p = planted(), q = planted();
    const auto c1 = zb(p, A(p.id), D(2020, 3, 15));
    lead_due(c1, ms(p.name, A(p.id), "判决", D(2021, 4, 2)));
    lead_due(c1, ms(p.name, A(p.id), "调解成功", D(2022, 9, 30)));
    ms(p.name, A(p.id), "撤诉", D(2023, 1, 5));
    // p as 被告 of a 判决 case whose 原告 q has no 终本 case.
    ms(q.name, A(q.id), "判决", D(2023, 3, 3));
    ms_.back().dname = p.name;
    ms_.back().did = A(p.id);
    end_trap(M, "D2", "debtor is 原告 in 判决 and 调解成功 cases (2 pairs), in a 撤诉 case and 被告 in a 判决 case (no pair)");
  }
  {
    begin_trap(M);
    const Person p = planted();
    zb(p, id(IdKind::BadCheck, p.id), D(2022, 3, 1));
    ms(p.name, A(p.id), "判决", D(2023, 6, 1));
    end_trap(M, "D3", "终本 ID with a wrong check digit; the same person's valid ID as 原告 of a 判决 case: no pair");
  }
  {
    begin_trap(M);
    const Person p = planted(Need::Region330802), q = planted(Need::Region330802);
    zb(p, id(IdKind::ExcelFloat, p.id), D(2022, 4, 1));
    ms(p.name, A(p.id), "判决", D(2023, 6, 2));
    zb(q, id(IdKind::Literal, "3.30802E+16"), D(2022, 4, 2));
    ms(q.name, A(q.id), "判决", D(2023, 6, 3));
    end_trap(M, "D4", "终本 IDs mangled by Excel (3.30802E+17 form and the literal 3.30802E+16): no pair");
  }
  {
    begin_trap(M);
    const Person p = planted(Need::Trunc000Invalid);
    zb(p, id(IdKind::Trunc000, p.id), D(2022, 5, 1));
    ms(p.name, A(p.id), "判决", D(2023, 6, 4));
    end_trap(M, "D5", "终本 ID truncated by Excel to 15 digits + 000: no pair");
  }
  {
    begin_trap(M);
    Person p = planted();
    auto z = zb(p, id(IdKind::Fifteen, p.id), D(2021, 6, 30));
    lead_due(z, ms(p.name, A(p.id), "调解成功", D(2022, 2, 2)));
    p = planted();
    z = zb(p, A(p.id), D(2022, 7, 15));
    lead_due(z, ms(p.name, id(IdKind::Fifteen, p.id), "判决", D(2023, 2, 2)));
    end_trap(M, "D6", "15-digit ID in 终本 and 18-digit in 民事, and the reverse: 2 pairs");
  }
  {
    begin_trap(M);
    Person p = planted();
    auto z = zb(p, A(p.id), D(2023, 2, 1));
    lead_due(z, ms(p.name, id(IdKind::FullWidth, p.id), "判决", D(2024, 1, 9)));
    p = planted(Need::EndsInX);
    z = zb(p, id(IdKind::LowerX, p.id), D(2022, 1, 1));
    lead_due(z, ms(p.name, A(p.id), "判决", D(2024, 2, 9)));
    p = planted();
    z = zb(p, id(IdKind::Padded, p.id), D(2021, 12, 31));
    lead_due(z, ms(p.name, A(p.id), "判决", D(2024, 3, 9)));
    end_trap(M, "D7", "full-width ID in 民事; lower-case x in 终本 (终本日期 2022-01-01); padded ID in 终本 (2021-12-31): 3 pairs");
  }
  {
    begin_trap(M);
    Person p = planted();
    zb(p, A(p.id), D(2022, 8, 8));
    ms(p.name, id(IdKind::BadCheck, p.id), "判决", D(2023, 8, 8));
    p = planted();
    zb(p, A(p.id), D(2022, 8, 9));
    ms(p.name, A(p.id), "驳回起诉", D(2023, 8, 9));
    ms(p.name, A(p.id), "撤诉", D(2023, 8, 10));
    p = planted();
    zb(p, A(p.id), D(2022, 8, 10), true);
    ms(p.name, A(p.id), "判决", D(2023, 8, 11));
    p = planted();
    zb(p, id(IdKind::Masked, p.id), D(2022, 8, 11));
    ms(p.name, A(p.id), "判决", D(2023, 8, 12));
    end_trap(M, "D8", "no pair: bad check digit in 民事; only 驳回起诉/撤诉 cases; 是否履行完毕 = 是; masked 终本 ID");
  }
  {
    begin_trap(M);
    for (i64 i = 0; i < dense_ && !realistic_; ++i) {
      const Person p = planted();
      const auto z = zb(p, A(p.id), D(2019, 1, 1) + static_cast<int>(rng_.below(2191)));
      const char* how = rng_.per_mille(600) ? "判决" : "调解成功";
      const int close = D(2019, 6, 1) + static_cast<int>(rng_.below(2000));
      lead_due(z, ms(p.name, A(p.id), how, close));
    }
    // Realistic: a debtor with 1-3 unpaid 终本 cases (sometimes also a paid one) who won 1-2 civil
    // cases (sometimes also withdrew one): every unpaid case pairs with every won case.
    for (i64 i = 0; i < dense_ && realistic_; ++i) {
      const Person p = planted();
      std::vector<ZbRef> open;
      const int k = 1 + static_cast<int>(rng_.below(3));
      for (int c = 0; c < k; ++c) open.push_back(zb(p, A(p.id), D(2019, 1, 1) + static_cast<int>(rng_.below(2191))));
      if (rng_.per_mille(250)) zb(p, A(p.id), D(2019, 1, 1) + static_cast<int>(rng_.below(2191)), true);
      const int m = rng_.per_mille(350) ? 2 : 1;
      for (int c = 0; c < m; ++c) {
        const char* how = rng_.per_mille(600) ? "判决" : "调解成功";
        const std::string civil = ms(p.name, A(p.id), how, D(2019, 6, 1) + static_cast<int>(rng_.below(2000)));
        for (const ZbRef& z : open) lead_due(z, civil);
      }
      if (rng_.per_mille(200)) ms(p.name, A(p.id), "撤诉", D(2019, 6, 1) + static_cast<int>(rng_.below(2000)));
    }
    models_[M].bulk = static_cast<i64>(models_[M].keys.size() - mark_);
  }
}

void Generator::plant_provident() {
  const int M = 1;
  auto lead = [&](const ZbRef& z, const Person& p) { models_[M].keys.push_back({z.cn, p.id}); };
  const i64 pos = 1'234'50;
  {
    begin_trap(M);
    Person p = planted();
    lead(zb(p, A(p.id), D(2023, 1, 10)), p);
    gjj(p, A(p.id), "封存", 0);
    gjj(p, A(p.id), "正常", 35'678'90);
    end_trap(M, "P1", "sealed zero-balance account beside a positive 正常 one: 1 lead");
  }
  {
    begin_trap(M);
    Person p = planted();
    zb(p, A(p.id), D(2023, 1, 11));
    gjj(p, A(p.id), "封存", 0);
    p = planted();
    zb(p, A(p.id), D(2023, 1, 12));
    gjj(p, A(p.id), "正常", 0);
    gjj(p, A(p.id), "销户", 0);
    end_trap(M, "P2", "only zero-balance accounts (封存; 正常 + 销户): no lead");
  }
  {
    begin_trap(M);
    Person p = planted();
    lead(zb(p, A(p.id), D(2023, 1, 13)), p);
    gjj(p, A(p.id), "封存", 8'800'00);
    p = planted();
    lead(zb(p, A(p.id), D(2023, 1, 14)), p);
    gjj(p, A(p.id), "正常", pos);
    gjj(p, A(p.id), "封存", 2'000'00);
    p = planted();
    lead(zb(p, A(p.id), D(2023, 1, 15)), p);
    gjj(p, A(p.id), "正常", 1);
    end_trap(M, "P3", "sealed positive account; two positive accounts (one lead, not two); balance 0.01: 3 leads");
  }
  {
    begin_trap(M);
    Person p = planted();
    lead(zb(p, A(p.id), D(2021, 5, 1)), p);
    lead(zb(p, A(p.id), D(2022, 5, 1)), p);
    gjj(p, A(p.id), "正常", pos);
    p = planted();
    lead(zb(p, A(p.id), D(2021, 5, 2)), p);
    zb(p, A(p.id), D(2022, 5, 2), true);
    gjj(p, A(p.id), "正常", pos);
    end_trap(M, "P4", "debtor with two 否 cases (2 leads); debtor with one 否 and one 是 case (1 lead)");
  }
  {
    begin_trap(M);
    Person p = planted();
    lead(zb(p, A(p.id), D(2023, 2, 1)), p);
    gjj(p, id(IdKind::Fifteen, p.id), "正常", pos);
    p = planted(Need::EndsInX);
    lead(zb(p, A(p.id), D(2023, 2, 2)), p);
    gjj(p, id(IdKind::LowerX, p.id), "封存", pos);
    p = planted();
    lead(zb(p, id(IdKind::FullWidth, p.id), D(2023, 2, 3)), p);
    gjj(p, id(IdKind::Padded, p.id), "正常", pos);
    end_trap(M, "P5", "15-digit / lower-case x / padded ID in 公积金, full-width in 终本: 3 leads");
  }
  {
    begin_trap(M);
    Person p = planted();
    zb(p, A(p.id), D(2023, 3, 1), true);
    gjj(p, A(p.id), "正常", pos);
    p = planted();
    zb(p, id(IdKind::BadCheck, p.id), D(2023, 3, 2));
    gjj(p, A(p.id), "正常", pos);
    p = planted();
    zb(p, A(p.id), D(2023, 3, 3));
    gjj(p, id(IdKind::BadCheck, p.id), "正常", pos);
    end_trap(M, "P6", "no lead: fulfilled debtor; bad check digit in 终本; bad check digit in 公积金");
  }
  {
    begin_trap(M);
    for (i64 i = 0; i < dense_; ++i) {
      const Person p = planted();
      // Realistic: 1-3 unpaid 终本 cases and 1-2 accounts with a balance, one lead per case.
      const int k = realistic_ ? 1 + static_cast<int>(rng_.below(3)) : 1;
      for (int c = 0; c < k; ++c) lead(zb(p, A(p.id), D(2019, 1, 1) + static_cast<int>(rng_.below(2191))), p);
      const int accounts = realistic_ && rng_.per_mille(300) ? 2 : 1;
      for (int c = 0; c < accounts; ++c) {
        const char* status = rng_.per_mille(700) ? "正常" : "封存";
        gjj(p, A(p.id), status, rng_.range(100, 300'000'00));
      }
    }
    models_[M].bulk = static_cast<i64>(models_[M].keys.size() - mark_);
  }
}

void Generator::plant_pension() {
  const int M = 2;
  auto lead = [&](const ZbRef& z) { models_[M].keys.push_back({z.cn}); };
  auto months = [&](const Person& p, IdCell cell, int y, int m, int count) {
    for (int i = 0; i < count; ++i) ylj(p, cell, y + (m - 1 + i) / 12, (m - 1 + i) % 12 + 1);
  };
  {
    begin_trap(M);
    Person p = planted();
    lead(zb(p, A(p.id), D(2022, 10, 1)));
    months(p, A(p.id), 2024, 1, 3);
    p = planted();
    zb(p, A(p.id), D(2022, 10, 2));
    months(p, A(p.id), 2024, 1, 2);
    end_trap(M, "S1", "exactly 3 months (lead) and exactly 2 months (no lead)");
  }
  {
    begin_trap(M);
    Person p = planted();
    zb(p, A(p.id), D(2022, 10, 3));
    ylj(p, A(p.id), 2024, 3, kISO);
    ylj(p, A(p.id), 2024, 3, kCOMPACT);
    ylj(p, A(p.id), 2024, 4, kISO);
    p = planted();
    lead(zb(p, A(p.id), D(2022, 10, 4)));
    ylj(p, A(p.id), 2024, 5, kISO);
    ylj(p, A(p.id), 2024, 5, kCHINESE);
    ylj(p, A(p.id), 2024, 6);
    ylj(p, A(p.id), 2024, 7);
    p = planted();
    zb(p, A(p.id), D(2022, 10, 5));
    ylj(p, A(p.id), 2024, 8, kISO);
    ylj(p, A(p.id), 2024, 8, kCOMPACT);
    ylj(p, A(p.id), 2024, 8, kCHINESE);
    end_trap(M, "S2", "same month in two spellings: 2024-03 + 202403 + 2024-04 (2 months, no lead); 2024-05 + 2024年5月 + 06 + 07 (3 months, lead); 2024-08 three ways (1 month, no lead)");
  }
  {
    begin_trap(M);
    Person p = planted();
    lead(zb(p, A(p.id), D(2021, 3, 1)));
    lead(zb(p, A(p.id), D(2023, 3, 1)));
    months(p, A(p.id), 2024, 2, 5);
    p = planted();
    zb(p, A(p.id), D(2021, 3, 2), true);
    months(p, A(p.id), 2024, 1, 12);
    end_trap(M, "S3", "debtor with two 否 cases and 5 months (2 leads); fulfilled debtor with 12 months (none)");
  }
  {
    begin_trap(M);
    Person p = planted();
    lead(zb(p, A(p.id), D(2023, 4, 1)));
    months(p, id(IdKind::Fifteen, p.id), 2024, 4, 4);
    p = planted();
    zb(p, id(IdKind::BadCheck, p.id), D(2023, 4, 2));
    months(p, A(p.id), 2024, 1, 6);
    p = planted();
    lead(zb(p, A(p.id), D(2023, 4, 3)));
    months(p, A(p.id), 2023, 12, 3);
    end_trap(M, "S4", "15-digit ID in 养老金 (lead); bad check digit in 终本 (none); months 2023-12..2024-02 across the year (lead)");
  }
  {
    begin_trap(M);
    for (i64 i = 0; i < bulk_; ++i) {
      const Person p = planted();
      lead(zb(p, A(p.id), D(2019, 1, 1) + static_cast<int>(rng_.below(2191))));
      const int start = 1 + static_cast<int>(rng_.below(12));
      months(p, A(p.id), 2023, start, static_cast<int>(rng_.range(3, 8)));
    }
    models_[M].bulk = static_cast<i64>(models_[M].keys.size() - mark_);
  }
}

void Generator::plant_combo() {
  const Person p = planted();
  for (int m = 0; m < 3; ++m) begin_trap(m), models_[m].traps.push_back({"C1", "", 0});
  const auto z = zb(p, A(p.id), D(2022, 11, 11));
  const auto civil = ms(p.name, A(p.id), "判决", D(2023, 11, 11));
  gjj(p, A(p.id), "正常", 12'000'00);
  for (int m = 1; m <= 3; ++m) ylj(p, A(p.id), 2024, m);
  lead_due(z, civil);
  models_[1].keys.push_back({z.cn, p.id});
  models_[2].keys.push_back({z.cn});
  for (int m = 0; m < 3; ++m) {
    models_[m].traps.back().desc = "one debtor who is a lead of due_claims, provident_fund and pension at once";
    models_[m].traps.back().leads = 1;
  }
}

void Generator::plant_lowincome() {
  const int M = 3;
  auto lead = [&](const Person& p) { models_[M].keys.push_back({p.id}); };
  {
    begin_trap(M);
    Person p = planted();
    db(p, A(p.id)), lead(p);
    p = planted();
    db(p, A(p.id)), lead(p);
    df(p, A(p.id), 2023, 6), df(p, A(p.id), 2023, 12);
    p = planted();
    db(p, A(p.id)), lead(p);
    df(p, A(p.id), 2025, 1);
    end_trap(M, "L1", "no record; records only in 2023 (2023-06, 2023-12); only 2025-01: 3 leads");
  }
  {
    begin_trap(M);
    Person p = planted();
    db(p, A(p.id));
    df(p, A(p.id), 2024, 1);
    p = planted();
    db(p, A(p.id));
    df(p, A(p.id), 2024, 12);
    df(p, A(p.id), 2023, 12);
    end_trap(M, "L2", "only 2024-01; 2024-12 + 2023-12: no lead");
  }
  {
    begin_trap(M);
    Person p = planted();
    db(p, id(IdKind::Fifteen, p.id));
    df(p, A(p.id), 2024, 6);
    p = planted(Need::EndsInX);
    db(p, A(p.id));
    df(p, id(IdKind::LowerX, p.id), 2024, 3);
    p = planted();
    db(p, id(IdKind::FullWidth, p.id));
    df(p, A(p.id), 2024, 9);
    p = planted();
    db(p, A(p.id));
    const std::string relative = person_name(0, planted_idx_ + 1'000'000);
    df(p, A(p.id), 2024, 5, -1, &relative);
    end_trap(M, "L3", "matched despite spelling: 15-digit in 低保, lower-case x / 户名 of a relative in 电费减免, full-width in 低保: no lead");
  }
  {
    begin_trap(M);
    Person p = planted();
    db(p, id(IdKind::BadCheck, p.id));
    p = planted();
    db(p, id(IdKind::ExcelFloat, p.id));
    end_trap(M, "L4", "低保 ID invalid (bad check digit; Excel float) and no record: not a lead (valid ID required)");
  }
  {
    begin_trap(M);
    Person p = planted();
    db(p, A(p.id)), db(p, A(p.id)), lead(p);
    p = planted();
    db(p, A(p.id)), lead(p);
    df(p, id(IdKind::BadCheck, p.id), 2024, 4);
    p = planted();
    db(p, id(IdKind::Padded, p.id)), lead(p);
    df(p, A(p.id), 2023, 11);
    end_trap(M, "L5", "household listed twice (1 lead); only 2024 record has a bad check digit (lead); padded ID with a 2023 record (lead)");
  }
  {
    begin_trap(M);
    for (i64 i = 0; i < bulk_; ++i) {
      const Person p = planted();
      db(p, A(p.id)), lead(p);
      if (i % 2) df(p, A(p.id), 2023, 1 + static_cast<int>(rng_.below(12)));
    }
    models_[M].bulk = static_cast<i64>(models_[M].keys.size() - mark_);
  }
}

void Generator::plant_bars() {
  const int M = 4;
  i64 school_k = 0;
  auto school = [&](int founded, std::string& name, double& lon, double& lat, int& court) {
    double clon, clat;
    cell_center(school_k++, clon, clat);
    court = static_cast<int>(rng_.below(kCourtCount));
    const int type = static_cast<int>(rng_.below(kSchoolTypeCount));
    GeoRec s{school_name(court, type), kSchoolTypes[type].type, address(rng_.next(), court), fmt_coord(clon, 7),
             fmt_coord(clat, 7), founded};
    name = s.name;
    lon = std::strtod(s.lon.c_str(), nullptr);
    lat = std::strtod(s.lat.c_str(), nullptr);
    schools_.push_back(s);
  };
  // A bar at distance d (m) and bearing b (deg) from the school; returns the
  // distance between the written coordinates.
  auto bar = [&](const std::string& sname, double slon, double slat, int court, double d, double bearing,
                 int licensed, bool expect_lead) {
    const double r = kPi / 180.0, delta = d / kEarthR, th = bearing * r, p1 = slat * r;
    const double p2 = std::asin(std::sin(p1) * std::cos(delta) + std::cos(p1) * std::sin(delta) * std::cos(th));
    const double l2 = slon * r + std::atan2(std::sin(th) * std::sin(delta) * std::cos(p1),
                                            std::cos(delta) - std::sin(p1) * std::sin(p2));
    GeoRec b{bar_name(court), uscc(bar_serial_, court, rng_.per_mille(700)), address(rng_.next(), court),
             fmt_coord(l2 / r, 7), fmt_coord(p2 / r, 7), licensed};
    ++bar_serial_;
    const double got = haversine_m(slon, slat, std::strtod(b.lon.c_str(), nullptr), std::strtod(b.lat.c_str(), nullptr));
    if (std::fabs(got - d) > 0.05) throw std::logic_error("bar placement drifted");
    if (expect_lead) {
      char dist[32];
      std::snprintf(dist, sizeof dist, "%.1f", got);
      models_[M].keys.push_back({b.name, sname, dist});
    }
    bars_.push_back(b);
  };
  std::string sname;
  double slon, slat;
  int court;
  const int founded = D(2010, 9, 1);
  school(founded, sname, slon, slat, court);
  auto trap = [&](const char* id, const char* desc, double d, double b, int lic, bool lead) {
    begin_trap(M);
    bar(sname, slon, slat, court, d, b, lic, lead);
    end_trap(M, id, desc);
  };
  trap("B1", "199 m north, licensed 2015-03-01 after the school's 2010-09-01: lead", 199, 0, D(2015, 3, 1), true);
  trap("B2", "201 m south, licensed later: no lead", 201, 180, D(2016, 5, 1), false);
  trap("B3", "120 m east, licensed on the founding day 2010-09-01: no lead", 120, 90, founded, false);
  trap("B4", "80 m west, licensed the day after founding: lead", 80, 270, D(2010, 9, 2), true);
  trap("B5", "150 m north-east, licensed before founding: no lead", 150, 45, D(2008, 4, 1), false);
  trap("B6", "199 m due east (longitude offset only), licensed later: lead", 199, 90, D(2020, 1, 1), true);
  trap("B7", "201 m due west, licensed later: no lead", 201, 270, D(2021, 1, 1), false);
  begin_trap(M);
  for (i64 i = 0; i < bulk_; ++i) {
    const int f = D(1980, 1, 1) + static_cast<int>(rng_.below(12000));
    school(f, sname, slon, slat, court);
    const int lic = std::min(D(2024, 12, 31), f + 1 + static_cast<int>(rng_.below(6000)));
    const double d = 20 + 170 * rng_.unit();
    bar(sname, slon, slat, court, d, 360 * rng_.unit(), lic, true);
  }
  models_[M].bulk = static_cast<i64>(models_[M].keys.size() - mark_);
}

void Generator::plant_lenders() {
  const int M = 5;
  const char* kLoan = "民间借贷纠纷";
  auto lead = [&](const Person& p, int n) { models_[M].keys.push_back({p.id, std::to_string(n)}); };
  auto cases = [&](const Person& p, IdCell cell, std::initializer_list<int> dates) {
    for (int d : dates) ms(p.name, cell, "判决", d, kLoan);
  };
  {
    begin_trap(M);
    Person p = planted();
    cases(p, A(p.id), {D(2024, 1, 1), D(2024, 3, 15), D(2024, 6, 30), D(2024, 9, 9), D(2024, 12, 31)});
    lead(p, 5);
    p = planted();
    cases(p, A(p.id), {D(2024, 2, 1), D(2024, 4, 15), D(2024, 7, 30), D(2024, 10, 9)});
    end_trap(M, "K1", "exactly 5 cases in 2024 incl. 2024-01-01 and 2024-12-31 (lead, 5); exactly 4 (none)");
  }
  {
    begin_trap(M);
    Person p = planted();
    cases(p, A(p.id), {D(2023, 12, 31), D(2024, 2, 2), D(2024, 4, 4), D(2024, 6, 6), D(2024, 8, 8)});
    p = planted();
    cases(p, A(p.id), {D(2025, 1, 1), D(2024, 1, 2), D(2024, 3, 3), D(2024, 5, 5), D(2024, 7, 7), D(2024, 9, 9)});
    lead(p, 5);
    end_trap(M, "K2", "5 cases with one on 2023-12-31 (none); 6 cases with one on 2025-01-01 (lead, 5)");
  }
  {
    begin_trap(M);
    const Person p = planted(Need::EndsInX);
    const IdKind forms[] = {IdKind::Fifteen, IdKind::FullWidth, IdKind::LowerX, IdKind::Padded, IdKind::Auto, IdKind::Auto};
    for (int i = 0; i < 6; ++i) ms(p.name, id(forms[i], p.id), "判决", D(2024, 2 + i, 10), kLoan);
    lead(p, 6);
    end_trap(M, "K3", "6 cases whose 原告身份证号 is written 15-digit, full-width, lower-case x, padded: lead, 6");
  }
  {
    begin_trap(M);
    Person p = planted();
    cases(p, A(p.id), {D(2024, 1, 20), D(2024, 2, 20), D(2024, 3, 20), D(2024, 4, 20)});
    MsRec dup = ms_.back();
    dup.case_form = kCaseTortoise;
    ms_.push_back(dup);
    p = planted();
    cases(p, A(p.id), {D(2024, 1, 21), D(2024, 2, 21), D(2024, 3, 21), D(2024, 4, 21)});
    ms(p.name, A(p.id), "判决", D(2024, 5, 21), "买卖合同纠纷");
    p = planted();
    cases(p, id(IdKind::BadCheck, p.id), {D(2024, 1, 22), D(2024, 2, 22), D(2024, 3, 22), D(2024, 4, 22), D(2024, 5, 22)});
    end_trap(M, "K4", "no lead: 5 rows but one 案号 repeated (written 〔〕), so 4 distinct cases; 4 loans + 1 买卖合同纠纷; 5 cases under a bad check digit");
  }
  {
    begin_trap(M);
    const Person p = planted();
    const char* hows[] = {"判决", "调解成功", "撤诉", "驳回起诉", "判决", "撤诉", "调解成功"};
    for (int i = 0; i < 7; ++i) ms(p.name, A(p.id), hows[i], D(2024, 3 + i, 3), kLoan);
    lead(p, 7);
    end_trap(M, "K5", "7 cases with mixed 结案方式 (撤诉, 驳回起诉 count too): lead, 7");
  }
  begin_trap(M);
  for (i64 i = 0; i < bulk_; ++i) {
    const Person p = planted();
    const int n = static_cast<int>(rng_.range(5, 8));
    for (int k = 0; k < n; ++k) ms(p.name, A(p.id), "判决", D(2024, 1, 1) + static_cast<int>(rng_.below(366)), kLoan);
    lead(p, n);
  }
  models_[M].bulk = static_cast<i64>(models_[M].keys.size() - mark_);
}

// ------------------------------------------------------------- writing --

FileMeta& Generator::meta(const char* name) {
  files_.push_back(FileMeta{name});
  return files_.back();
}

void Generator::write_zb() {
  FileMeta& fm = meta("终本案件.csv");
  fm.gb18030 = opt_.encoding == Encoding::Gb18030Some;
  fm.crlf = opt_.dirt;
  fm.rows = std::max(n_, static_cast<i64>(zb_.size()));
  Out out(path(fm.name.c_str()), fm.gb18030, fm.crlf);
  Speller sp = speller(101);
  Rng c = stream(opt_.seed, 102), pos = stream(opt_.seed, 103), bad = stream(opt_.seed, 104);
  if (opt_.dirt) {
    out.line("浙江省法院系统终结本次执行程序案件清单");
    out.line("导出时间：2025年1月6日　导出单位：执行局");
    fm.title_rows = 2;
  }
  std::string line;
  Row row(10);
  for (std::size_t i = 0; i < 10; ++i) row[i] = file_specs()[0].header[i];
  row.join(line);
  out.line(line);
  const i64 bg = fm.rows - static_cast<i64>(zb_.size());
  i64 malformed_left = opt_.dirt ? std::min<i64>(3 + n_ / 200000, bg / 10) : 0, bg_left = bg;
  i64 sum_target = 0, sum_unpaid = 0;
  const i64 debtors = background_debtors();
  auto emit = [&](const ZbRec& r, bool) {
    row.clear();
    sp.caseno(row[0], r.cn, kCaseAuto);
    row[1] = kCourts[r.cn.court].court;
    sp.name(row[2], r.debtor);
    sp.id(row[3], r.id);
    row[4] = r.applicant;
    sp.money(row[5], r.target);
    sp.money(row[6], r.unpaid);
    sp.date(row[7], r.zb_date);
    row[8] = r.done ? "是" : "否";
    sp.date(row[9], r.filed);
  };
  interleave(
      fm.rows, zb_, pos,
      [&] {
        ZbRec r;
        r.filed = D(2017, 1, 1) + static_cast<int>(c.below(2737));
        r.zb_date = std::min(D(2024, 12, 31), r.filed + static_cast<int>(c.range(60, 720)));
        r.cn = next_case(static_cast<int>(c.below(kCourtCount)), year_of(r.filed), true);
        if (c.per_mille(780)) {
          const i64 idx = static_cast<i64>(c.below(static_cast<u64>(debtors)));
          r.debtor = person_name(1, idx);
          r.id = sp.bg(id18(1, idx));
        } else {
          const u64 h = c.next();
          r.debtor = company(h);
          if (c.per_mille(400)) r.id = {IdKind::Uscc, uscc(static_cast<i64>(h % 90'000'000), static_cast<int>(h % kCourtCount), false)};
        }
        r.applicant = c.per_mille(550) ? company(c.next()) : person_name(2, static_cast<i64>(c.below(1'000'000)));
        const i64 mag = c.range(3, 6);
        i64 lo = 1;
        for (i64 k = 0; k < mag; ++k) lo *= 10;
        r.target = c.range(lo, lo * 10) * 100;
        if (c.per_mille(300)) r.target += c.range(0, 99);
        r.done = c.per_mille(180);
        r.unpaid = r.done ? 0 : c.range(1, r.target);
        emit(r, false);
        const bool broken = malformed_left > 0 && static_cast<i64>(bad.below(static_cast<u64>(bg_left))) < malformed_left;
        --bg_left;
        if (broken) {
          --malformed_left, ++fm.malformed;
          if (bad.per_mille(500)) row.join(line, true);  // a field missing
          else row.join(line, false, 5);                 // an unquoted comma: 公司,营业部
        } else {
          sum_target += r.target, sum_unpaid += r.unpaid;
          row.join(line);
        }
        out.line(line);
      },
      [&](const ZbRec& r, bool p) {
        emit(r, p);
        sum_target += r.target, sum_unpaid += r.unpaid;
        row.join(line);
        out.line(line);
      });
  if (opt_.dirt) {
    row.clear();
    row[0] = "合计";
    row[1] = "共" + std::to_string(fm.rows) + "件";
    append_money(row[5], sum_target, MoneyForm::Plain);
    append_money(row[6], sum_unpaid, MoneyForm::Plain);
    row.join(line);
    out.line(line);
    fm.trailer_rows = 1;
  }
  out.close();
}

void Generator::write_ms() {
  FileMeta& fm = meta("民事案件.csv");
  fm.bom = opt_.dirt;
  const i64 nominal = nominal_rows(fm.name, n_);
  fm.rows = std::max(nominal, static_cast<i64>(ms_.size()));
  Out out(path(fm.name.c_str()), false, false);
  if (fm.bom) out.raw("\xEF\xBB\xBF");
  Speller sp = speller(201);
  Rng c = stream(opt_.seed, 202), pos = stream(opt_.seed, 203), bad = stream(opt_.seed, 204);
  Rng paste = stream(opt_.seed, 205);
  std::string line;
  Row row(10);
  for (std::size_t i = 0; i < 10; ++i) row[i] = file_specs()[1].header[i];
  row.join(line);
  out.line(line);
  const i64 bg = fm.rows - static_cast<i64>(ms_.size());
  // Plaintiff group g = j mod groups: each background plaintiff has at most 3 cases.
  const i64 groups = std::max<i64>(1, bg * 5 / 11 + 1);
  const i64 debtors = background_debtors();
  i64 j = 0, malformed_left = opt_.dirt ? std::min<i64>(3 + n_ / 200000, bg / 10) : 0, bg_left = bg;
  // Realistic dirt: a few background rows pasted from a GB18030 sheet into this UTF-8 file (readers
  // decode such lines as GB18030 or drop them; they are never part of a lead).
  i64 paste_left = opt_.dirt && realistic_ ? std::min<i64>(2 + n_ / 200000, bg / 10) : 0;
  auto emit = [&](const MsRec& r) {
    row.clear();
    sp.caseno(row[0], r.cn, r.case_form);
    row[1] = kCourts[r.cn.court].court;
    row[2] = r.cause;
    sp.name(row[3], r.pname);
    sp.id(row[4], r.pid);
    sp.name(row[5], r.dname);
    sp.id(row[6], r.did);
    row[7] = r.how;
    sp.date(row[8], r.close);
    if (r.amount >= 0) sp.money(row[9], r.amount);
  };
  int cause_cdf[std::size(kCauseWeights)], how_cdf[std::size(kClosingWeights)];
  std::partial_sum(std::begin(kCauseWeights), std::end(kCauseWeights), cause_cdf);
  std::partial_sum(std::begin(kClosingWeights), std::end(kClosingWeights), how_cdf);
  interleave(
      fm.rows, ms_, pos,
      [&] {
        MsRec r;
        const i64 g = j++ % groups;
        const auto ck = static_cast<int>(c.below(1000)), hk = static_cast<int>(c.below(1000));
        const int cause = static_cast<int>(std::upper_bound(std::begin(cause_cdf), std::end(cause_cdf), ck) - cause_cdf);
        const int how = static_cast<int>(std::upper_bound(std::begin(how_cdf), std::end(how_cdf), hk) - how_cdf);
        r.cause = kCauses[cause];
        r.how = kClosings[how];
        r.close = D(2019, 1, 1) + static_cast<int>(c.below(2373));
        const int year = year_of(r.close) - (c.per_mille(400) ? 1 : 0);
        r.cn = next_case(static_cast<int>(c.below(kCourtCount)), year, false);
        const Court& ct = kCourts[c.below(kCourtCount)];
        if (cause == 2) {
          r.pname = std::string(kBanks[c.below(std::size(kBanks))]) + std::string(ct.city).substr(0, 6) + "分行";
        } else if (cause == 7) {
          r.pname = std::string(ct.city) + kTrade[c.below(std::size(kTrade))] + "物业服务有限公司";
        } else {
          r.pname = person_name(2, g);
          r.pid = sp.bg(id18(2, g));
        }
        const auto dk = c.below(1000);
        if (dk < 450) {
          const i64 d = static_cast<i64>(c.below(static_cast<u64>(debtors)));
          r.dname = person_name(1, d);
          r.did = sp.bg(id18(1, d));
        } else if (dk < 850) {
          const i64 d = static_cast<i64>(c.below(static_cast<u64>(groups)));
          r.dname = person_name(2, d);
          r.did = sp.bg(id18(2, d));
        } else {
          r.dname = company(c.next());
        }
        if (how <= 1) r.amount = c.range(1'000'00, 800'000'00);
        emit(r);
        const bool broken = malformed_left > 0 && static_cast<i64>(bad.below(static_cast<u64>(bg_left))) < malformed_left;
        --bg_left;
        if (broken) {
          --malformed_left, ++fm.malformed;
          if (bad.per_mille(500)) row.join(line, true);
          else row.join(line, false, 3);
        } else {
          row.join(line);
          if (paste_left > 0 && static_cast<i64>(paste.below(static_cast<u64>(bg_left + 1))) < paste_left) {
            --paste_left, ++fm.pasted;
            line = to_gb18030(line);
          }
        }
        out.line(line);
      },
      [&](const MsRec& r, bool) {
        emit(r);
        row.join(line);
        out.line(line);
      });
  out.close();
}

void Generator::write_gjj() {
  FileMeta& fm = meta("公积金.csv");
  fm.crlf = opt_.dirt;
  fm.rows = std::max(nominal_rows(fm.name, n_), static_cast<i64>(gjj_.size()));
  Out out(path(fm.name.c_str()), false, fm.crlf);
  Speller sp = speller(301);
  Rng c = stream(opt_.seed, 302), pos = stream(opt_.seed, 303);
  std::string line;
  Row row(7);
  for (std::size_t i = 0; i < 7; ++i) row[i] = file_specs()[2].header[i];
  row.join(line);
  out.line(line);
  const i64 debtors = background_debtors();
  i64 total = 0;
  auto emit = [&](const GjjRec& r, bool) {
    row.clear();
    row[0] = r.acct;
    sp.name(row[1], r.name);
    sp.id(row[2], r.id);
    row[3] = r.unit;
    if (opt_.dirt && sp.r.per_mille(5)) row[3] = std::string(kCourts[sp.r.below(kCourtCount)].city) + "\"阳光\"物业服务有限公司";
    if (opt_.dirt && sp.r.per_mille(5)) row[3] += "（原名：" + company(sp.r.next()) + ",已更名）";
    row[4] = r.status;
    sp.money(row[5], r.balance);
    sp.date(row[6], r.date);
    total += r.balance;
    row.join(line);
    out.line(line);
  };
  interleave(
      fm.rows, gjj_, pos,
      [&] {
        GjjRec r;
        r.acct = acct_number(acct_serial_++);
        if (c.per_mille(30)) {  // a background 终本 debtor: sealed, zero balance
          const i64 d = static_cast<i64>(c.below(static_cast<u64>(debtors)));
          r.name = person_name(1, d);
          r.id = sp.bg(id18(1, d));
          r.status = "封存";
          r.balance = 0;
        } else {
          const i64 p = static_cast<i64>(c.below(static_cast<u64>(n_)));
          r.name = person_name(3, p);
          r.id = sp.bg(id18(3, p));
          const auto k = c.below(1000);
          r.status = k < 650 ? "正常" : k < 950 ? "封存" : "销户";
          r.balance = (k >= 950 || c.per_mille(150)) ? 0 : c.range(100'00, 200'000'00);
        }
        r.unit = company(c.next());
        r.date = D(2023, 1, 1) + static_cast<int>(c.below(731));
        emit(r, false);
      },
      emit);
  if (opt_.dirt) {
    row.clear();
    row[0] = "合计";
    append_money(row[5], total, MoneyForm::Plain);
    row.join(line);
    out.line(line);
    fm.trailer_rows = 1;
  }
  out.close();
}

void Generator::write_ylj() {
  FileMeta& fm = meta("养老金.csv");
  fm.rows = std::max(nominal_rows(fm.name, n_), static_cast<i64>(ylj_.size()));
  Out out(path(fm.name.c_str()), false, false);
  Speller sp = speller(401);
  Rng c = stream(opt_.seed, 402), pos = stream(opt_.seed, 403);
  std::string line;
  Row row(5);
  for (std::size_t i = 0; i < 5; ++i) row[i] = file_specs()[3].header[i];
  row.join(line);
  out.line(line);
  auto emit = [&](const YljRec& r, bool) {
    row.clear();
    sp.name(row[0], r.name);
    sp.id(row[1], r.id);
    row[2] = r.kind;
    sp.money(row[3], r.amount);
    sp.month(row[4], r.y, r.m, r.mform);
    row.join(line);
    out.line(line);
  };
  // Background pensioners (pool 5): a run of 1-12 consecutive months each.
  i64 who = -1;
  int left = 0, month = 0;
  YljRec cur;
  interleave(
      fm.rows, ylj_, pos,
      [&] {
        if (left == 0) {
          ++who;
          left = static_cast<int>(c.range(1, 12));
          month = 2023 * 12 + static_cast<int>(c.below(24));
          cur.name = person_name(5, who);
          cur.id = sp.bg(id18(5, who));
          const auto k = c.below(1000);
          cur.kind = k < 500 ? "城乡居民基本养老保险" : k < 900 ? "企业职工基本养老保险" : "机关事业单位基本养老保险";
          cur.amount = (k < 500 ? c.range(150, 600) : k < 900 ? c.range(2000, 6000) : c.range(4000, 9000)) * 100;
          cur.amount += c.range(0, 99);
        }
        cur.y = month / 12, cur.m = month % 12 + 1;
        ++month, --left;
        emit(cur, false);
      },
      emit);
  out.close();
}

void Generator::write_db() {
  FileMeta& fm = meta("低保.csv");
  fm.bom = fm.crlf = opt_.dirt;
  fm.rows = std::max(nominal_rows(fm.name, n_), static_cast<i64>(db_.size()));
  Out out(path(fm.name.c_str()), false, fm.crlf);
  if (fm.bom) out.raw("\xEF\xBB\xBF");
  Speller sp = speller(501);
  Rng c = stream(opt_.seed, 502), pos = stream(opt_.seed, 503);
  std::string line;
  Row row(7);
  for (std::size_t i = 0; i < 7; ++i) row[i] = file_specs()[4].header[i];
  row.join(line);
  out.line(line);
  auto emit = [&](const DbRec& r, bool) {
    row.clear();
    sp.name(row[0], r.name);
    sp.id(row[1], r.id);
    row[2] = std::to_string(r.size);
    sp.money(row[3], r.amount);
    row[4] = r.town;
    row[5] = r.addr;
    if (opt_.dirt && sp.r.per_mille(20)) row[5] += ",东侧";
    sp.date(row[6], r.date);
    row.join(line);
    out.line(line);
  };
  i64 h = 0;
  interleave(
      fm.rows, db_, pos,
      [&] {
        DbRec r;
        const int court = static_cast<int>(c.below(kCourtCount));
        r.name = person_name(4, h);
        r.id = sp.bg(id18(4, h));
        ++h;
        r.size = static_cast<int>(c.range(1, 6));
        r.amount = c.range(300, 2500) * 100;
        r.town = kTowns[c.below(std::size(kTowns))];
        r.addr = std::string(kCourts[court].district) + r.town + kVillages[c.below(std::size(kVillages))];
        r.addr += std::to_string(c.range(1, 200)) + "号";
        r.date = D(2015, 1, 1) + static_cast<int>(c.below(3650));
        emit(r, false);
      },
      emit);
  out.close();
}

void Generator::write_df() {
  FileMeta& fm = meta("电费减免.csv");
  const i64 households = std::max(nominal_rows("低保.csv", n_), static_cast<i64>(db_.size())) - static_cast<i64>(db_.size());
  fm.rows = std::max(nominal_rows(fm.name, n_), static_cast<i64>(df_.size()) + households);
  Out out(path(fm.name.c_str()), false, false);
  Speller sp = speller(601);
  Rng c = stream(opt_.seed, 602), pos = stream(opt_.seed, 603), order = stream(opt_.seed, 604);
  std::string line;
  Row row(5);
  for (std::size_t i = 0; i < 5; ++i) row[i] = file_specs()[5].header[i];
  row.join(line);
  out.line(line);
  auto emit = [&](const DfRec& r, bool) {
    row.clear();
    row[0] = r.hh;
    sp.name(row[1], r.name);
    sp.id(row[2], r.id);
    sp.month(row[3], r.y, r.m, r.mform);
    row[4] = std::to_string(r.kwh);
    row.join(line);
    out.line(line);
  };
  // Background: every background 低保 household (pool 4, in order) gets one
  // 2024 record, spread through the file; the other rows are extra months of
  // random 低保 households and records of other customers (pool 6).
  const i64 bg = fm.rows - static_cast<i64>(df_.size());
  i64 guaranteed_left = households, bg_left = bg, next_h = 0;
  const i64 others = std::max<i64>(1, n_ / 5);
  interleave(
      fm.rows, df_, pos,
      [&] {
        DfRec r;
        i64 serial;
        const bool must = static_cast<i64>(order.below(static_cast<u64>(bg_left))) < guaranteed_left;
        --bg_left;
        if (must) {
          --guaranteed_left;
          const i64 h = next_h++;
          r.name = person_name(4, h);
          r.id = {IdKind::Auto, id18(4, h)};
          r.y = 2024, r.m = 1 + static_cast<int>(c.below(12));
          serial = 100'000'000 + h;
        } else {
          const int mm = 2023 * 12 + static_cast<int>(c.below(27));
          r.y = mm / 12, r.m = mm % 12 + 1;
          if (households > 0 && c.per_mille(600)) {
            const i64 h = static_cast<i64>(c.below(static_cast<u64>(households)));
            r.name = person_name(4, h);
            r.id = {IdKind::Auto, id18(4, h)};
            serial = 100'000'000 + h;
          } else {
            const i64 o = static_cast<i64>(c.below(static_cast<u64>(others)));
            r.name = person_name(6, o);
            r.id = {IdKind::Auto, id18(6, o)};
            serial = 200'000'000 + o;
          }
        }
        if (c.per_mille(50)) r.name = person_name(3, static_cast<i64>(c.below(1'000'000)));  // a relative's name
        r.hh = hh_number(serial);
        r.kwh = c.per_mille(500) ? 10 : 15;
        emit(r, false);
      },
      emit);
  out.close();
}

void Generator::write_schools() {
  FileMeta& fm = meta("学校.csv");
  fm.bom = opt_.dirt;
  fm.rows = t_xx_;
  Out out(path(fm.name.c_str()), false, false);
  if (fm.bom) out.raw("\xEF\xBB\xBF");
  Speller sp = speller(701);
  Rng c = stream(opt_.seed, 702), pos = stream(opt_.seed, 703);
  std::string line;
  Row row(6);
  for (std::size_t i = 0; i < 6; ++i) row[i] = file_specs()[6].header[i];
  row.join(line);
  out.line(line);
  auto emit = [&](const GeoRec& r, bool) {
    row.clear();
    row[0] = r.name, row[1] = r.kind_or_uscc, row[2] = r.addr, row[3] = r.lon, row[4] = r.lat;
    sp.date(row[5], r.date);
    row.join(line);
    out.line(line);
  };
  i64 k = planted_schools_;
  interleave(
      fm.rows, schools_, pos,
      [&] {
        double lon, lat;
        cell_center(k++, lon, lat);
        lat += (c.unit() * 2 - 1) * 100.0 / kMetresPerDegLat;
        lon += (c.unit() * 2 - 1) * 100.0 / kMetresPerDegLat;  // <= 100 m east-west too
        const int court = static_cast<int>(c.below(kCourtCount)), type = static_cast<int>(c.below(kSchoolTypeCount));
        GeoRec r{school_name(court, type), kSchoolTypes[type].type, address(c.next(), court), fmt_coord(lon, 6),
                 fmt_coord(lat, 6), D(1950, 1, 1) + static_cast<int>(c.below(25000))};
        if (opt_.dirt && sp.r.per_mille(5)) r.lon.clear(), r.lat.clear();  // geocoding failed
        emit(r, false);
      },
      emit);
  out.close();
}

void Generator::write_bars() {
  FileMeta& fm = meta("酒吧.csv");
  fm.rows = t_jb_;
  Out out(path(fm.name.c_str()), false, false);
  Speller sp = speller(801);
  Rng c = stream(opt_.seed, 802), pos = stream(opt_.seed, 803);
  std::string line;
  Row row(6);
  for (std::size_t i = 0; i < 6; ++i) row[i] = file_specs()[7].header[i];
  row.join(line);
  out.line(line);
  auto emit = [&](const GeoRec& r, bool) {
    row.clear();
    row[0] = r.name, row[1] = r.kind_or_uscc, row[2] = r.addr, row[3] = r.lon, row[4] = r.lat;
    sp.date(row[5], r.date);
    row.join(line);
    out.line(line);
  };
  i64 k = t_xx_;
  interleave(
      fm.rows, bars_, pos,
      [&] {
        double lon, lat;
        cell_center(k++, lon, lat);
        lat += (c.unit() * 2 - 1) * 100.0 / kMetresPerDegLat;
        lon += (c.unit() * 2 - 1) * 100.0 / kMetresPerDegLat;
        const int court = static_cast<int>(c.below(kCourtCount));
        GeoRec r{bar_name(court), uscc(bar_serial_, court, c.per_mille(700)), address(c.next(), court),
                 fmt_coord(lon, 6), fmt_coord(lat, 6), D(2005, 1, 1) + static_cast<int>(c.below(7300))};
        ++bar_serial_;
        if (opt_.dirt && sp.r.per_mille(5)) r.lon.clear(), r.lat.clear();
        emit(r, false);
      },
      emit);
  out.close();
}

// ------------------------------------------------------------ expected --

// A string in expected.json, as nlohmann-json writes it (UTF-8 as is). The layout around the
// strings is written by hand below: one file or key a line, for reading and diffing.
void json_string(std::string& o, std::string_view s) {
  o += nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

#include "tools/gen/models7_11.inc"

void Generator::write_expected(const std::vector<FileMeta>& files) {
  std::string o = "{\n";
  o += "  \"generator\": \"clue-gen\",\n  \"format\": 1,\n";
  o += "  \"seed\": " + std::to_string(opt_.seed) + ",\n  \"scale\": " + std::to_string(n_) + ",\n";
  o += std::string("  \"dirt\": ") + (opt_.dirt ? "true" : "false") + ",\n";
  o += std::string("  \"encoding\": \"") + (opt_.encoding == Encoding::Utf8 ? "utf-8" : "gb18030-some") + "\",\n";
  o += std::string("  \"density\": \"") + (realistic_ ? "realistic" : "sparse") + "\",\n";
  o += "  \"params\": {\"period_cutoff\": \"2022-01-01\", \"pension_min_months\": 3, \"review_year\": 2024, "
       "\"radius_m\": 200, \"earth_radius_m\": 6371008.8, \"lender_min_cases\": 5, "
       "\"forbidden_trip_types\": [\"飞机\", \"软卧\", \"星级宾馆\"], \"auction_notice_days\": [15, 30], "
       "\"auction_reserve_min\": 0.7, \"auction_deposit_range\": [0.05, 0.2], \"civil_code_date\": \"2021-01-01\", "
       "\"run_date\": \"2024-12-31\", \"warning_days\": 7},\n";
  o += "  \"key_forms\": {\"案号\": \"canonical: full-width （）, half-width digits, no spaces, e.g. （2023）浙0803执1234号\", "
       "\"身份证号\": \"18 characters, upper-case X\", \"距离(米)\": \"haversine between the written coordinates, 1 decimal\"},\n";
  o += "  \"files\": [\n";
  for (std::size_t i = 0; i < files.size(); ++i) {
    const FileMeta& f = files[i];
    o += "    {\"name\": ";
    json_string(o, f.name);
    o += ", \"rows\": " + std::to_string(f.rows) + ", \"malformed_rows\": " + std::to_string(f.malformed) +
         ", \"title_rows\": " + std::to_string(f.title_rows) + ", \"trailer_rows\": " + std::to_string(f.trailer_rows) +
         ", \"encoding\": \"" + (f.gb18030 ? "gb18030" : "utf-8") + "\"" +
         (f.pasted ? ", \"gb18030_rows\": " + std::to_string(f.pasted) : std::string()) + ", \"bom\": " + (f.bom ? "true" : "false") +
         ", \"line_ending\": \"" + (f.crlf ? "crlf" : "lf") + "\"}" + (i + 1 < files.size() ? ",\n" : "\n");
  }
  o += "  ],\n  \"invalid_ids\": [";
  bool first = true;
  for (const auto& s : invalid_) {
    o += first ? "" : ", ";
    first = false;
    json_string(o, s);
  }
  o += "],\n  \"models\": {\n";
  for (std::size_t m = 0; m < models_.size(); ++m) {
    ModelExp& e = models_[m];
    std::sort(e.keys.begin(), e.keys.end());
    o += "    ";
    json_string(o, e.name);
    o += ": {\n      \"count\": " + std::to_string(e.keys.size()) + ",\n      \"bulk\": " + std::to_string(e.bulk) +
         ",\n      \"columns\": [";
    for (std::size_t c = 0; c < e.columns.size(); ++c) {
      if (c) o += ", ";
      json_string(o, e.columns[c]);
    }
    o += "],\n      \"traps\": [\n";
    for (std::size_t t = 0; t < e.traps.size(); ++t) {
      o += "        {\"id\": \"" + e.traps[t].id + "\", \"leads\": " + std::to_string(e.traps[t].leads) + ", \"what\": ";
      json_string(o, e.traps[t].desc);
      o += t + 1 < e.traps.size() ? "},\n" : "}\n";
    }
    o += "      ],\n      \"keys\": [";
    for (std::size_t k = 0; k < e.keys.size(); ++k) {
      o += k ? ",\n        [" : "\n        [";
      for (std::size_t c = 0; c < e.keys[k].size(); ++c) {
        if (c) o += ", ";
        if (e.numeric[c]) o += e.keys[k][c];
        else json_string(o, e.keys[k][c]);
      }
      o += "]";
    }
    o += e.keys.empty() ? "]\n" : "\n      ]\n";
    o += "    },\n";
  }
  write_expected_more(o);
  o += "  }\n}\n";
  Out out(path("expected.json"), false, false);
  out.raw(o);
  out.close();
}

Summary Generator::run() {
  std::filesystem::create_directories(opt_.out_dir);
  plant_due_claims();
  plant_provident();
  plant_pension();
  plant_combo();
  plant_lowincome();
  plant_bars();
  plant_lenders();
  plant_restricted();
  plant_auctions();
  plant_judgments();
  plant_custody();
  write_zb();
  write_ms();
  write_gjj();
  write_ylj();
  write_db();
  write_df();
  write_schools();
  write_bars();
  write_xg();
  write_cx();
  write_pm();
  write_ws();
  write_zy();
  write_expected(files_);
  Summary s;
  for (const auto& f : files_) s.files.push_back({f.name, f.rows, f.malformed});
  for (const auto& m : models_) s.leads.emplace_back(m.name, static_cast<i64>(m.keys.size()));
  for (const auto& e : outs_) s.leads.emplace_back(e.model + "/" + e.output, static_cast<i64>(e.keys.size()));
  return s;
}

}  // namespace

Summary generate(const Options& options) {
  if (options.out_dir.empty()) throw std::runtime_error("--out DIR is required");
  Generator g(options);
  return g.run();
}

}  // namespace clue::gen
