-- models/restricted_consumption.model in SQL: 违规消费 and 按案汇总. ${XG}/${CX}:
-- read_csv(...) of 限制消费令.csv / 出行住宿记录.csv (cx: rows repeated byte for byte read once).
-- IDs joined on the 17-digit body, both validated on the joined pairs (as due_claims.sql).
CREATE TEMP TABLE 违规消费 AS
  WITH xg0 AS (SELECT *, id_fast(证件号码) AS f FROM ${XG}),
  xg AS (
    SELECT *, id_c(证件号码, f) AS c, id_b(证件号码, f) AS b, date_of(发布日期) AS 发布, date_of(解除日期) AS 解除 FROM xg0
  ), cx0 AS (
    SELECT *, id_fast(证件号码) AS f, txt(类型) AS 类型n FROM (SELECT DISTINCT * FROM ${CX})
    WHERE 类型 IN ('飞机', '软卧', '星级宾馆') OR txt(类型) IN ('飞机', '软卧', '星级宾馆')
  ), cx AS (SELECT *, id_c(证件号码, f) AS c, id_b(证件号码, f) AS b, date_of(日期) AS d FROM cx0)
  SELECT case_no(xg.案号) AS 案号, txt(xg.执行法院) AS 执行法院, txt(xg.被执行人) AS 被执行人,
         txt(xg.被限制人) AS 被限制人, mask_id(id_text(xg.b)) AS 脱敏证件号码, xg.发布 AS 发布日期, xg.解除 AS 解除日期,
         CASE WHEN xg.解除 IS NULL THEN '未解除' ELSE '已解除' END AS 限制状态,
         cx.类型n AS 消费类型, cx.d AS 消费日期, txt(cx.详情) AS 详情, txt(cx.数据来源) AS 数据来源
  FROM xg JOIN cx ON cx.b = xg.b
  WHERE id_valid(xg.c, xg.b) AND id_valid(cx.c, cx.b) AND cx.d >= xg.发布 AND (xg.解除 IS NULL OR cx.d < xg.解除);
COPY (SELECT * FROM 违规消费 ORDER BY 案号, 消费日期) TO '${OUT}' (HEADER, DELIMITER ',');
COPY (
  SELECT 案号, 执行法院, 被执行人, 被限制人, 脱敏证件号码, 发布日期, 解除日期, count(*) AS 违规次数,
         min(消费日期) AS 最早违规日期, max(消费日期) AS 最晚违规日期
  FROM 违规消费 GROUP BY ALL
  ORDER BY 违规次数 DESC, 案号
) TO '${OUT:按案汇总}' (HEADER, DELIMITER ',');
