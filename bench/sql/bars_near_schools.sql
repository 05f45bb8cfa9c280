-- models/bars_near_schools.model in SQL. ${JB}/${XX}: read_csv(...) of 酒吧.csv / 学校.csv.
-- Both sources are WGS-84 (no datum conversion). The join is a hash join on latitude cells of
-- 0.002° (200 m is at most 0.0018° of latitude, so a pair within 200 m is in the same or a
-- neighbouring cell: each school is joined to its cell and the two next to it); the distance
-- test decides. The distance is rounded to 10^-4 m before it is compared with the radius, as
-- Clue's distance() is (a decimal: int64(d · 10^4 + 0.5), runtime/exec/eval.cpp and the grid
-- join in engine.cpp), so a pair at 200.00003 m is 200.0000 m and within 200 m on both sides.
COPY (
  WITH jb AS (
    SELECT *, geo_num(经度) AS lon, geo_num(纬度) AS lat, date_of(营业执照日期) AS d FROM ${JB}
  ), xx AS (
    SELECT *, geo_num(经度) AS lon, geo_num(纬度) AS lat, date_of(建校日期) AS d FROM ${XX}
  ), ok_jb AS (SELECT * FROM jb WHERE lon BETWEEN -180 AND 180 AND lat BETWEEN -90 AND 90),
  ok_xx AS (SELECT * FROM xx WHERE lon BETWEEN -180 AND 180 AND lat BETWEEN -90 AND 90),
  p AS (
    SELECT jb.*, xx.学校名称, xx.学校类型, xx.地址, xx.d AS 建校, trunc(haversine_m(jb.lon, jb.lat, xx.lon, xx.lat) * 10000 + 0.5) AS d4
    FROM ok_jb jb JOIN (SELECT ok_xx.*, CAST(floor(lat / 0.002) AS BIGINT) + o AS cell
                        FROM ok_xx, (VALUES (-1), (0), (1)) t(o)) xx
      ON CAST(floor(jb.lat / 0.002) AS BIGINT) = xx.cell AND jb.d > xx.d
  )
  SELECT txt(酒吧名称) AS 酒吧名称, txt(学校名称) AS 学校名称, d4 / 10000 AS "距离(米)",
         统一社会信用代码, txt(经营地址) AS 经营地址, d AS 营业执照日期, txt(学校类型) AS 学校类型,
         txt(地址) AS 学校地址, 建校 AS 建校日期
  FROM p WHERE d4 <= 2000000
  ORDER BY 学校名称, "距离(米)"
) TO '${OUT}' (HEADER, DELIMITER ',');
