-- models/restricted_consumption.model in SQL, its first output 违规消费. ${XG}/${CX}:
-- read_csv(...) of 限制消费令.csv / 出行住宿记录.csv (cx: rows repeated byte for byte read once).
COPY (
  WITH xg AS (
    SELECT *, id_norm(证件号码) AS k, date_of(发布日期) AS 发布, date_of(解除日期) AS 解除 FROM ${XG}
  ), cx AS (
    SELECT *, id_norm(证件号码) AS k, date_of(日期) AS d, txt(类型) AS 类型n FROM (SELECT DISTINCT * FROM ${CX})
  )
  SELECT case_no(xg.案号) AS 案号, txt(xg.执行法院) AS 执行法院, txt(xg.被执行人) AS 被执行人,
         txt(xg.被限制人) AS 被限制人, mask_id(xg.k) AS 脱敏证件号码, xg.发布 AS 发布日期, xg.解除 AS 解除日期,
         CASE WHEN xg.解除 IS NULL THEN '未解除' ELSE '已解除' END AS 限制状态,
         cx.类型n AS 消费类型, cx.d AS 消费日期, txt(cx.详情) AS 详情, txt(cx.数据来源) AS 数据来源
  FROM xg JOIN cx ON cx.k = xg.k
  WHERE xg.k IS NOT NULL AND cx.d >= xg.发布 AND (xg.解除 IS NULL OR cx.d < xg.解除)
    AND cx.类型n IN ('飞机', '软卧', '星级宾馆')
  ORDER BY 案号, 消费日期
) TO '${OUT}' (HEADER, DELIMITER ',');
