-- models/professional_lenders.model in SQL. ${MS}: read_csv(...) of 民事案件.csv.
-- 原告身份证号 is a partyid: a valid ID card's normal form, else a valid USCC (party_norm).
-- Text in a list: the value as written tried first, then its normalised text (as is_closed_won).
COPY (
  WITH ms AS (
    SELECT party_norm(原告身份证号) AS k, case_no(案号) AS 案号n, txt(原告) AS 原告n, txt(被告) AS 被告n,
           money("判决金额(元)") AS 金额, date_of(结案日期) AS 结案
    FROM ${MS} WHERE 案由 IN ('民间借贷纠纷') OR txt(案由) IN ('民间借贷纠纷')
  )
  SELECT k AS 原告身份证号, min(原告n) AS 原告姓名, count(DISTINCT 案号n) AS 案件数,
         count(DISTINCT 被告n) AS 不同被告数, CAST(sum(金额) AS DECIMAL(18, 2)) AS 判决金额合计,
         min(结案) AS 最早结案日期, max(结案) AS 最晚结案日期
  FROM ms WHERE 结案 BETWEEN DATE '2024-01-01' AND DATE '2024-12-31' AND k IS NOT NULL
  GROUP BY k
  HAVING count(DISTINCT 案号n) >= 5
  ORDER BY 案件数 DESC, 原告身份证号
) TO '${OUT}' (HEADER, DELIMITER ',');
