-- models/pension.model in SQL. ${ZB}/${YL}: read_csv(...) of 终本案件.csv / 养老金.csv.
-- IDs joined on the 17-digit body, both validated on the joined pairs (as due_claims.sql).
COPY (
  WITH zb0 AS (
    SELECT 案号, 法院, 被执行人, "未履行金额(元)" AS 未履行, 被执行人身份证号 AS s,
           id_fast(被执行人身份证号) AS f
    FROM ${ZB} WHERE is_no(是否履行完毕)
  ), zb AS (SELECT * EXCLUDE (s, f), id_c(s, f) AS c, id_b(s, f) AS b FROM zb0),
  yl0 AS (
    SELECT 金额, 月份, 身份证号 AS s, id_fast(身份证号) AS f
    FROM (SELECT 身份证号, money("月发放金额(元)") AS 金额, month_of(发放月份) AS 月份 FROM ${YL})
    WHERE 金额 IS NULL OR 金额 > 0
  ), yl AS (SELECT * EXCLUDE (s, f), id_c(s, f) AS c, id_b(s, f) AS b FROM yl0)
  SELECT case_no(zb.案号) AS 案号, txt(zb.法院) AS 执行法院, txt(zb.被执行人) AS 被执行人,
         mask_id(id_text(zb.b)) AS 脱敏身份证号, CAST(money(zb.未履行) AS DECIMAL(18, 2)) AS 未履行金额,
         count(DISTINCT yl.月份) AS 领取月数, strftime(max(yl.月份), '%Y-%m') AS 最近发放月份,
         CAST(max(yl.金额) AS DECIMAL(18, 2)) AS 最高月发放金额
  FROM zb JOIN yl ON zb.b = yl.b
  WHERE id_valid(zb.c, zb.b) AND id_valid(yl.c, yl.b)
  GROUP BY ALL
  HAVING count(DISTINCT yl.月份) >= 3
  ORDER BY 案号
) TO '${OUT}' (HEADER, DELIMITER ',');
