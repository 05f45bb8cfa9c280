-- models/due_claims.model in SQL. ${ZB}/${MS}: read_csv(...) of 终本案件.csv / 民事案件.csv
-- (all_varchar); ${OUT}: the lead file. IDs as in normalise.sql (join on the 17-digit body,
-- both IDs validated on the joined pairs).
COPY (
  WITH zb0 AS (
    SELECT 案号, 法院, 被执行人, "未履行金额(元)" AS 未履行, 终本日期, 被执行人身份证号 AS s,
           id_fast(被执行人身份证号) AS f
    FROM ${ZB} WHERE is_no(是否履行完毕)
  ), zb AS (SELECT * EXCLUDE (s, f), id_c(s, f) AS c, id_b(s, f) AS b FROM zb0),
  ms0 AS (
    SELECT 案号, 法院, 结案方式, 原告身份证号 AS s, id_fast(原告身份证号) AS f
    FROM ${MS} WHERE is_closed_won(结案方式)
  ), ms AS (SELECT * EXCLUDE (s, f), id_c(s, f) AS c, id_b(s, f) AS b FROM ms0),
  j AS (
    SELECT zb.*, ms.案号 AS 民事案号0, ms.法院 AS 审理法院0, ms.结案方式 AS 结案方式0, ms.c AS c2
    FROM zb JOIN ms ON zb.b = ms.b
  )
  SELECT case_no(案号) AS 终本案号, tr(法院) AS 执行法院, tr(被执行人) AS 被执行人,
         substr(id_text(b), 1, 6) || '********' || substr(id_text(b), 15, 4) AS 身份证号,
         CAST(money(未履行) AS DECIMAL(18, 2)) AS 未履行金额, case_no(民事案号0) AS 民事案号,
         tr(审理法院0) AS 审理法院, tr(结案方式0) AS 结案方式,
         CASE WHEN year_of(终本日期) < 2022 THEN '2022年前' ELSE '2022年后' END AS 时段
  FROM j WHERE id_valid(c, b) AND id_valid(c2, b)
  ORDER BY 终本案号, 民事案号
) TO '${OUT}' (HEADER, DELIMITER ',');
