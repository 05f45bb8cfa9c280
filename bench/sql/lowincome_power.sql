-- models/lowincome_power.model in SQL. ${DB}/${JM}: read_csv(...) of 低保.csv / 电费减免.csv.
-- The anti join on the normal form of the ID (a relief row without a valid ID matches nobody).
COPY (
  WITH db AS (SELECT *, id_norm(身份证号) AS k FROM ${DB}),
  jm AS (
    SELECT id_norm(身份证号) AS k FROM ${JM}
    WHERE month_of(减免月份) BETWEEN DATE '2024-01-01' AND DATE '2024-12-01'
  )
  SELECT k AS 身份证号, min(txt(户主姓名)) AS 户主姓名, min(txt("乡镇(街道)")) AS "乡镇(街道)",
         min(txt(家庭住址)) AS 家庭住址, count(*) AS 名单记录数
  FROM db WHERE k IS NOT NULL AND NOT EXISTS (SELECT 1 FROM jm WHERE jm.k = db.k)
  GROUP BY k
  ORDER BY "乡镇(街道)", 身份证号
) TO '${OUT}' (HEADER, DELIMITER ',');
