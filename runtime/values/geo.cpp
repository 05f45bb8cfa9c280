#include "runtime/values/geo.h"

#include <charconv>
#include <cmath>

#include "runtime/values/placeholder.h"
#include "runtime/values/unicode_fold.h"

namespace clue::values {
namespace {

constexpr double kPi = 3.14159265358979323846;
// Krasovsky 1940 ellipsoid, as used by the GCJ-02 algorithm.
constexpr double kA = 6378245.0;
constexpr double kEE = 0.00669342162296594323;
constexpr double kXPi = kPi * 3000.0 / 180.0;  // BD-09 constant

double transform_lat(double x, double y) {
  double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::fabs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  r += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return r;
}

double transform_lon(double x, double y) {
  double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::fabs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  r += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return r;
}

// The GCJ-02 offset (degrees) to add to a WGS-84 point.
GeoPoint gcj_offset(GeoPoint w) {
  double dlat = transform_lat(w.lon - 105.0, w.lat - 35.0);
  double dlon = transform_lon(w.lon - 105.0, w.lat - 35.0);
  const double rad_lat = w.lat / 180.0 * kPi;
  double magic = std::sin(rad_lat);
  magic = 1 - kEE * magic * magic;
  const double sqrt_magic = std::sqrt(magic);
  dlat = (dlat * 180.0) / ((kA * (1 - kEE)) / (magic * sqrt_magic) * kPi);
  dlon = (dlon * 180.0) / (kA / sqrt_magic * std::cos(rad_lat) * kPi);
  return {dlon, dlat};
}

// Parses one decimal coordinate after trim + full-width folding.
bool parse_double(std::string_view text, double& out) {
  std::string_view s = trim(text);
  char buf[64];
  std::size_t n = 0;
  FoldedReader r(s);
  while (!r.done()) {
    char32_t c = r.next();
    if (c > 0x7F || n == sizeof buf) return false;
    buf[n++] = static_cast<char>(c);
  }
  const char* b = buf;
  const char* e = buf + n;
  if (b < e && *b == '+') ++b;  // from_chars does not accept a leading '+'
  auto res = std::from_chars(b, e, out, std::chars_format::fixed);
  return res.ec == std::errc() && res.ptr == e && std::isfinite(out);
}

}  // namespace

Parsed<Datum> parse_datum(std::string_view text) noexcept {
  const std::string_view s = trim(text);
  if (s.empty()) return Parsed<Datum>::null();
  struct Name {
    std::string_view word;
    Datum datum;
  };
  static constexpr Name kNames[] = {
      {"WGS-84", Datum::WGS84}, {"WGS84", Datum::WGS84}, {"WGS 84", Datum::WGS84},
      {"GPS", Datum::WGS84},    {"GCJ-02", Datum::GCJ02}, {"GCJ02", Datum::GCJ02},
      {"BD-09", Datum::BD09},   {"BD09", Datum::BD09},    {"高德", Datum::GCJ02},
      {"腾讯", Datum::GCJ02},   {"火星坐标", Datum::GCJ02}, {"百度", Datum::BD09},
  };
  for (const Name& n : kNames)
    if (equals_folded(s, n.word, true)) return Parsed<Datum>::success(n.datum);
  return Parsed<Datum>::failure(is_placeholder(s) ? ValueError::Placeholder : ValueError::GeoUnknownDatum);
}

const char* datum_name(Datum d) noexcept {
  switch (d) {
    case Datum::WGS84: return "WGS-84";
    case Datum::GCJ02: return "GCJ-02";
    case Datum::BD09: return "BD-09";
  }
  return "?";
}

bool outside_china(GeoPoint p) noexcept {
  return p.lon < 72.004 || p.lon > 137.8347 || p.lat < 0.8293 || p.lat > 55.8271;
}

GeoPoint wgs84_to_gcj02(GeoPoint wgs) noexcept {
  if (outside_china(wgs)) return wgs;
  const GeoPoint d = gcj_offset(wgs);
  return {wgs.lon + d.lon, wgs.lat + d.lat};
}

GeoPoint gcj02_to_wgs84(GeoPoint gcj) noexcept {
  if (outside_china(gcj)) return gcj;
  // Solve wgs + offset(wgs) = gcj. The offset changes by < 1e-4 per degree, so
  // the fixed-point iteration contracts fast (2-4 rounds in practice).
  GeoPoint w = gcj;
  for (int i = 0; i < 30; ++i) {
    const GeoPoint g = wgs84_to_gcj02(w);
    const double elon = g.lon - gcj.lon, elat = g.lat - gcj.lat;
    w.lon -= elon;
    w.lat -= elat;
    if (std::fabs(elon) < 1e-10 && std::fabs(elat) < 1e-10) break;
  }
  return w;
}

GeoPoint gcj02_to_bd09(GeoPoint gcj) noexcept {
  const double x = gcj.lon, y = gcj.lat;
  const double z = std::sqrt(x * x + y * y) + 0.00002 * std::sin(y * kXPi);
  const double theta = std::atan2(y, x) + 0.000003 * std::cos(x * kXPi);
  return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

GeoPoint bd09_to_gcj02(GeoPoint bd) noexcept {
  const double x = bd.lon - 0.0065, y = bd.lat - 0.006;
  const double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * kXPi);
  const double theta = std::atan2(y, x) - 0.000003 * std::cos(x * kXPi);
  return {z * std::cos(theta), z * std::sin(theta)};
}

GeoPoint bd09_to_wgs84(GeoPoint bd) noexcept { return gcj02_to_wgs84(bd09_to_gcj02(bd)); }
GeoPoint wgs84_to_bd09(GeoPoint wgs) noexcept { return gcj02_to_bd09(wgs84_to_gcj02(wgs)); }

GeoPoint to_wgs84(GeoPoint p, Datum from) noexcept {
  switch (from) {
    case Datum::GCJ02: return gcj02_to_wgs84(p);
    case Datum::BD09: return bd09_to_wgs84(p);
    case Datum::WGS84: break;
  }
  return p;
}

double haversine_m(GeoPoint a, GeoPoint b) noexcept {
  constexpr double kRad = kPi / 180.0;
  const double dlat = (b.lat - a.lat) * kRad;
  const double dlon = (b.lon - a.lon) * kRad;
  const double s1 = std::sin(dlat / 2), s2 = std::sin(dlon / 2);
  double h = s1 * s1 + std::cos(a.lat * kRad) * std::cos(b.lat * kRad) * s2 * s2;
  if (h > 1) h = 1;  // rounding near antipodes
  return 2 * kEarthMeanRadiusM * std::asin(std::sqrt(h));
}

Parsed<GeoPoint> parse_lonlat(std::string_view lon, std::string_view lat) noexcept {
  using P = Parsed<GeoPoint>;
  const bool lon_empty = trim(lon).empty(), lat_empty = trim(lat).empty();
  if (lon_empty && lat_empty) return P::null();
  GeoPoint p;
  if (lon_empty || lat_empty || !parse_double(lon, p.lon) || !parse_double(lat, p.lat)) {
    if (is_placeholder(trim(lon)) || is_placeholder(trim(lat))) return P::failure(ValueError::Placeholder);
    return P::failure(ValueError::GeoBadNumber);
  }
  if (p.lon < -180.0 || p.lon > 180.0) return P::failure(ValueError::GeoLonOutOfRange);
  if (p.lat < -90.0 || p.lat > 90.0) return P::failure(ValueError::GeoLatOutOfRange);
  return P::success(p);
}

}  // namespace clue::values
