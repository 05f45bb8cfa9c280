-- What a plain SQL join finds without normalisation: raw text equality of the ID cells,
-- exact '否', exact 结案方式, and 余额 that casts as a number as written.
COPY (
  SELECT zb.案号 AS 终本案号, ms.案号 AS 民事案号
  FROM ${ZB} zb JOIN ${MS} ms ON zb.被执行人身份证号 = ms.原告身份证号
  WHERE zb.是否履行完毕 = '否' AND ms.结案方式 IN ('判决', '调解成功')
) TO '${OUT_DUE}' (HEADER, DELIMITER ',');
COPY (
  SELECT DISTINCT zb.案号, zb.被执行人身份证号 AS 身份证号
  FROM ${ZB} zb JOIN ${GJJ} g ON zb.被执行人身份证号 = g.身份证号
  WHERE zb.是否履行完毕 = '否' AND TRY_CAST(g."余额(元)" AS DECIMAL(18, 4)) > 0
) TO '${OUT_PF}' (HEADER, DELIMITER ',');
