// Shared by the micro-benchmarks: a deterministic RNG (the same data on every machine and
// standard library, unlike std::uniform_int_distribution) and the pools of Chinese names,
// courts and regions the synthetic data is drawn from.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace clue::microbench {

// splitmix64: tiny, fast, and fully specified, so every run generates the same data.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n).
  uint64_t below(uint64_t n) { return n ? next() % n : 0; }
  // Uniform in [lo, hi].
  int64_t range(int64_t lo, int64_t hi) { return lo + int64_t(below(uint64_t(hi - lo + 1))); }
  // True with probability p.
  bool chance(double p) { return double(next() >> 11) * 0x1.0p-53 < p; }
  double uniform() { return double(next() >> 11) * 0x1.0p-53; }
  template <class T, size_t N>
  const T& pick(const T (&pool)[N]) {
    return pool[below(N)];
  }

 private:
  uint64_t s_;
};

inline constexpr std::string_view kSurnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
    "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田",
    "董", "潘", "袁", "蔡", "蒋", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢",
    "邵", "顾", "戴", "邱", "范", "史", "万", "钱", "司马", "欧阳"};
inline constexpr std::string_view kGiven[] = {
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "秀兰", "霞", "平", "刚", "桂英", "华", "建国", "志红", "玲", "斌", "海燕", "鹏飞",
    "辉", "俊峰", "欣怡", "思远", "浩然", "子涵", "雨萱", "梅", "文", "敏伟", "秋菊", "家豪", "倩", "华亮"};

struct Court {
  std::string_view name;   // 杭州市上城区人民法院
  std::string_view code;   // 0102: the digits of 浙0102 in case numbers
  std::string_view city;   // 杭州市: for company names and addresses
  int region;              // GB/T 2260 code of the district, the first 6 digits of an ID
};
inline constexpr Court kCourts[] = {
    {"杭州市上城区人民法院", "0102", "杭州市", 330102}, {"杭州市西湖区人民法院", "0106", "杭州市", 330106},
    {"杭州市余杭区人民法院", "0110", "杭州市", 330110}, {"宁波市海曙区人民法院", "0203", "宁波市", 330203},
    {"宁波市鄞州区人民法院", "0212", "宁波市", 330212}, {"温州市鹿城区人民法院", "0302", "温州市", 330302},
    {"湖州市吴兴区人民法院", "0502", "湖州市", 330502}, {"绍兴市越城区人民法院", "0602", "绍兴市", 330602},
    {"金华市婺城区人民法院", "0702", "金华市", 330702}, {"义乌市人民法院", "0782", "金华市", 330782},
    {"衢州市柯城区人民法院", "0802", "衢州市", 330802}, {"舟山市定海区人民法院", "0902", "舟山市", 330902},
    {"台州市椒江区人民法院", "1002", "台州市", 331002}, {"丽水市莲都区人民法院", "1102", "丽水市", 331102}};

inline constexpr std::string_view kFirmWords[] = {"宏远", "鑫源", "富春", "和顺", "万象", "永盛", "联创", "博远", "金诚"};
inline constexpr std::string_view kTrades[] = {"服装", "家具", "科技", "贸易", "电子", "建设工程", "餐饮管理", "汽车销售", "装饰工程"};
inline constexpr std::string_view kStreets[] = {"解放路", "延安路", "中山北路", "人民大道", "环城东路", "文一西路", "学院路", "江南大道"};

inline std::string person_name(Rng& rng) {
  std::string s(rng.pick(kSurnames));
  s += rng.pick(kGiven);
  if (rng.chance(0.3)) s += rng.pick(kGiven);
  return s;
}

inline std::string company_name(Rng& rng) {
  std::string s(rng.pick(kCourts).city);
  s += rng.pick(kFirmWords);
  s += rng.pick(kTrades);
  s += "有限公司";
  return s;
}

// A birth date as YYYYMMDD digits (days 1..28, so always a real date).
inline int birth_yyyymmdd(Rng& rng, int from_year = 1950, int to_year = 2004) {
  return int(rng.range(from_year, to_year)) * 10000 + int(rng.range(1, 12)) * 100 + int(rng.range(1, 28));
}

}  // namespace clue::microbench
