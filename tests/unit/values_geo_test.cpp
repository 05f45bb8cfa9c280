#include <gtest/gtest.h>

#include <cmath>

#include "runtime/values/geo.h"

using namespace clue::values;

namespace {

// eviltransform test vectors (googollee/eviltransform, python/test.py), given
// there as (lat, lng); GeoPoint is (lon, lat).
struct Pair {
  GeoPoint wgs, gcj;
};
const Pair kWgsGcj[] = {
    {{121.5272106, 31.1774276}, {121.531541859215, 31.17530398364597}},    // Shanghai
    {{113.912316, 22.543847}, {113.9171764808363, 22.540796131694766}},    // Shenzhen
    {{116.377817, 39.911954}, {116.38404722455657, 39.91334545536069}},    // Beijing
};

}  // namespace

TEST(ValuesGeo, Wgs84ToGcj02MatchesReference) {
  for (const Pair& p : kWgsGcj) {
    const GeoPoint g = wgs84_to_gcj02(p.wgs);
    EXPECT_NEAR(g.lon, p.gcj.lon, 1e-9);
    EXPECT_NEAR(g.lat, p.gcj.lat, 1e-9);
  }
}

TEST(ValuesGeo, Gcj02ToWgs84IsExactInverse) {
  for (const Pair& p : kWgsGcj) {
    const GeoPoint w = gcj02_to_wgs84(p.gcj);
    EXPECT_LT(haversine_m(w, p.wgs), 0.01);  // brief: < 0.01 m
    // and round trip back to GCJ-02
    EXPECT_LT(haversine_m(wgs84_to_gcj02(w), p.gcj), 0.01);
  }
}

TEST(ValuesGeo, OutsideChinaIsIdentity) {
  const GeoPoint denver{-104.9903, 39.7392}, brisbane{153.0251, -27.4698};
  EXPECT_EQ(wgs84_to_gcj02(denver), denver);
  EXPECT_EQ(gcj02_to_wgs84(brisbane), brisbane);
  EXPECT_TRUE(outside_china(denver));
  EXPECT_FALSE(outside_china(kWgsGcj[0].wgs));
}

TEST(ValuesGeo, Bd09) {
  // Reference values from wandergis/coordtransform (the x_pi = pi*3000/180
  // formula used by Baidu's own JS API). eviltransform's BD test vectors are
  // NOT used: that library substitutes pi for x_pi in the BD-09 step.
  const GeoPoint in{116.404, 39.915};
  const GeoPoint bd = gcj02_to_bd09(in);
  EXPECT_NEAR(bd.lon, 116.41036949371029, 1e-9);
  EXPECT_NEAR(bd.lat, 39.92133699351021, 1e-9);
  const GeoPoint gcj = bd09_to_gcj02(in);
  EXPECT_NEAR(gcj.lon, 116.39762729119315, 1e-9);
  EXPECT_NEAR(gcj.lat, 39.90865673957631, 1e-9);
  const GeoPoint g2 = wgs84_to_gcj02(in);
  EXPECT_NEAR(g2.lon, 116.41024449916938, 1e-9);
  EXPECT_NEAR(g2.lat, 39.91640428150164, 1e-9);
  // Commonly quoted pair GCJ (116.42703, 39.90245) -> BD (116.43351, 39.90851), 5 decimals.
  const GeoPoint bd2 = gcj02_to_bd09({116.42703, 39.90245});
  EXPECT_NEAR(bd2.lon, 116.43351, 5e-5);
  EXPECT_NEAR(bd2.lat, 39.90851, 5e-5);
  // BD-09 -> WGS-84 composes the two steps.
  const GeoPoint w = bd09_to_wgs84(in);
  EXPECT_LT(haversine_m(w, gcj02_to_wgs84(bd09_to_gcj02(in))), 1e-6);
  // Round trips.
  for (const Pair& p : kWgsGcj) {
    EXPECT_LT(haversine_m(bd09_to_gcj02(gcj02_to_bd09(p.gcj)), p.gcj), 0.5);
    EXPECT_LT(haversine_m(bd09_to_wgs84(wgs84_to_bd09(p.wgs)), p.wgs), 0.5);
  }
  EXPECT_LT(haversine_m(to_wgs84(wgs84_to_bd09(kWgsGcj[2].wgs), Datum::BD09), kWgsGcj[2].wgs), 0.5);
  EXPECT_LT(haversine_m(to_wgs84(kWgsGcj[2].gcj, Datum::GCJ02), kWgsGcj[2].wgs), 0.01);
  EXPECT_EQ(to_wgs84(kWgsGcj[2].wgs, Datum::WGS84), kWgsGcj[2].wgs);
}

TEST(ValuesGeo, DatumOffsetIsHundredsOfMetres) {
  // Why the datum matters: the Beijing pair is ~560 m apart.
  const double d = haversine_m(kWgsGcj[2].wgs, kWgsGcj[2].gcj);
  EXPECT_GT(d, 500.0);
  EXPECT_LT(d, 600.0);
}

TEST(ValuesGeo, Haversine) {
  // 0.01 degree of latitude on the mean sphere: R * pi / 18000.
  EXPECT_NEAR(haversine_m({116.397477, 39.908692}, {116.397477, 39.918692}), 1111.950802335108, 1e-6);
  // Half the equator.
  EXPECT_NEAR(haversine_m({0, 0}, {180, 0}), 20015114.442035925, 1e-4);
  // Tiananmen -> People's Square, Shanghai (~1068 km).
  EXPECT_NEAR(haversine_m({116.3912, 39.9066}, {121.4737, 31.2304}), 1068176.0295153297, 1e-3);
  EXPECT_EQ(haversine_m({116.39, 39.9}, {116.39, 39.9}), 0.0);
}

TEST(ValuesGeo, ParseDatum) {
  for (const char* s : {"WGS-84", "WGS84", "wgs84", "ＷＧＳ８４", "GPS"})
    EXPECT_EQ(parse_datum(s).value(), Datum::WGS84) << s;
  for (const char* s : {"GCJ-02", "GCJ02", "gcj02", "高德", "腾讯"})
    EXPECT_EQ(parse_datum(s).value(), Datum::GCJ02) << s;
  for (const char* s : {"BD-09", "BD09", "百度"}) EXPECT_EQ(parse_datum(s).value(), Datum::BD09) << s;
  EXPECT_EQ(parse_datum("CGCS2000").error(), ValueError::GeoUnknownDatum);
  EXPECT_TRUE(parse_datum("").is_null());
  EXPECT_STREQ(datum_name(Datum::GCJ02), "GCJ-02");
}

TEST(ValuesGeo, ParseLonLat) {
  auto p = parse_lonlat("116.397477", " 39.908692 ");
  ASSERT_TRUE(p.ok());
  EXPECT_DOUBLE_EQ(p.value().lon, 116.397477);
  EXPECT_DOUBLE_EQ(p.value().lat, 39.908692);
  EXPECT_DOUBLE_EQ(parse_lonlat("１２１．５", "+31.2").value().lon, 121.5);
  EXPECT_DOUBLE_EQ(parse_lonlat("-73.9857", "40.7484").value().lon, -73.9857);
  EXPECT_EQ(parse_lonlat("180.5", "30").error(), ValueError::GeoLonOutOfRange);
  EXPECT_EQ(parse_lonlat("116", "-90.1").error(), ValueError::GeoLatOutOfRange);
  EXPECT_EQ(parse_lonlat("116.3E0", "39").error(), ValueError::GeoBadNumber);
  EXPECT_EQ(parse_lonlat("东经116", "39").error(), ValueError::GeoBadNumber);
  EXPECT_EQ(parse_lonlat("116", "").error(), ValueError::GeoBadNumber);
  EXPECT_EQ(parse_lonlat("无", "无").error(), ValueError::Placeholder);
  EXPECT_TRUE(parse_lonlat(" ", "").is_null());
}
