// Coordinates and the Chinese map datums.
//
// Chinese map services do not publish WGS-84: 高德 (AMap) and 腾讯 use GCJ-02,
// an obfuscated datum offset by a few hundred metres, and 百度 uses BD-09, a
// further offset of GCJ-02. Distances between points in different datums are
// wrong by that much - more than the 200 m radii the school-proximity rules
// test - so every coordinate is converted to WGS-84 before distances.
#pragma once

#include <string_view>

#include "runtime/values/parsed.h"

namespace clue::values {

// A longitude/latitude pair in degrees. Stored columns are WGS-84; the
// conversion functions below also use this type for GCJ-02 / BD-09 input and
// output, as their names say.
struct GeoPoint {
  double lon = 0;
  double lat = 0;
  friend constexpr bool operator==(GeoPoint, GeoPoint) = default;
};

enum class Datum : unsigned char { WGS84, GCJ02, BD09 };

// "WGS-84" "WGS84" "GCJ-02" "GCJ02" "BD-09" "BD09" (ASCII case-insensitive,
// full-width ok, also "GPS" -> WGS84), and the providers: 高德 / 腾讯 -> GCJ02,
// 百度 -> BD09 (also 火星坐标 -> GCJ02).
Parsed<Datum> parse_datum(std::string_view text) noexcept;
const char* datum_name(Datum d) noexcept;  // "WGS-84", "GCJ-02", "BD-09"

// The GCJ-02 obfuscation is only applied inside China's (rough) bounding box;
// outside it all conversions WGS<->GCJ are the identity, as the services do.
bool outside_china(GeoPoint p) noexcept;

GeoPoint wgs84_to_gcj02(GeoPoint wgs) noexcept;
// Exact inverse by fixed-point iteration (to < 1e-9 degrees, ~0.1 mm), not
// the one-step approximation (error up to several metres) common in the wild.
GeoPoint gcj02_to_wgs84(GeoPoint gcj) noexcept;
GeoPoint gcj02_to_bd09(GeoPoint gcj) noexcept;
GeoPoint bd09_to_gcj02(GeoPoint bd) noexcept;
GeoPoint bd09_to_wgs84(GeoPoint bd) noexcept;
GeoPoint wgs84_to_bd09(GeoPoint wgs) noexcept;
GeoPoint to_wgs84(GeoPoint p, Datum from) noexcept;

// Great-circle distance in metres on a sphere of mean Earth radius
// 6371008.8 m (IUGG R1). Error vs the ellipsoid is < 0.5 %, far below the
// datum errors above.
inline constexpr double kEarthMeanRadiusM = 6371008.8;
double haversine_m(GeoPoint a, GeoPoint b) noexcept;

// Parses a longitude and a latitude given as two decimal strings (full-width
// digits ok). Errors: GeoBadNumber, GeoLonOutOfRange (-180..180),
// GeoLatOutOfRange (-90..90). Null if both are empty; one empty -> error.
// No swap detection: a (lat, lon) pair inside China passes the range check.
Parsed<GeoPoint> parse_lonlat(std::string_view lon, std::string_view lat) noexcept;

}  // namespace clue::values
