-- models/lowincome_power.model in SQL. ${DB}/${JM}: read_csv(...) of 低保.csv / 电费减免.csv.
-- The anti join on the 17-digit body of the ID, the relief row's ID validated on the pairs only
-- (a relief row without a valid ID matches nobody).
COPY (
  WITH db AS (SELECT *, id_norm(身份证号) AS k FROM ${DB}),
  jm0 AS (
    SELECT 身份证号 AS s, id_fast(身份证号) AS f FROM ${JM}
    WHERE month_of(减免月份) BETWEEN DATE '2024-01-01' AND DATE '2024-12-01'
  ), jm AS (SELECT id_c(s, f) AS c, id_b(s, f) AS b FROM jm0)
  SELECT k AS 身份证号, min(txt(户主姓名)) AS 户主姓名, min(txt("乡镇(街道)")) AS "乡镇(街道)",
         min(txt(家庭住址)) AS 家庭住址, count(*) AS 名单记录数
  FROM db WHERE k IS NOT NULL AND NOT EXISTS (SELECT 1 FROM jm WHERE jm.b = CAST(substr(db.k, 1, 17) AS BIGINT) AND id_valid(jm.c, jm.b))
  GROUP BY k
  ORDER BY "乡镇(街道)", 身份证号
) TO '${OUT}' (HEADER, DELIMITER ',');
