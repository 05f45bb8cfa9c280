-- models/provident_fund.model in SQL. ${ZB}/${GJJ}: read_csv(...) of 终本案件.csv / 公积金.csv.
COPY (
  WITH zb0 AS (
    SELECT 案号, 法院, 被执行人, "未履行金额(元)" AS 未履行, 被执行人身份证号 AS s,
           id_fast(被执行人身份证号) AS f
    FROM ${ZB} WHERE is_no(是否履行完毕)
  ), zb AS (SELECT * EXCLUDE (s, f), id_c(s, f) AS c, id_b(s, f) AS b FROM zb0),
  g0 AS (
    SELECT 个人账号, 余额, 身份证号 AS s, id_fast(身份证号) AS f
    FROM (SELECT 个人账号, 身份证号, money("余额(元)") AS 余额 FROM ${GJJ}) WHERE 余额 > 0
  ), g AS (SELECT * EXCLUDE (s, f), id_c(s, f) AS c, id_b(s, f) AS b FROM g0)
  SELECT case_no(zb.案号) AS 案号, tr(zb.法院) AS 执行法院, tr(zb.被执行人) AS 被执行人,
         id_text(zb.b) AS 身份证号, CAST(money(zb.未履行) AS DECIMAL(18, 2)) AS 未履行金额,
         count(DISTINCT tr(g.个人账号)) AS 公积金账户数, CAST(sum(g.余额) AS DECIMAL(18, 2)) AS 公积金余额合计
  FROM zb JOIN g ON zb.b = g.b
  WHERE id_valid(zb.c, zb.b) AND id_valid(g.c, g.b)
  GROUP BY ALL
  ORDER BY 案号, 身份证号
) TO '${OUT}' (HEADER, DELIMITER ',');
