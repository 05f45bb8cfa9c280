-- models/credit_card_lending.model in SQL. ${WS}: read_csv(...) of 裁判文书.csv. matches() is
-- an RE2 partial match (regexp_matches, also RE2: \b is an ASCII word boundary).
COPY (
  WITH ws AS (SELECT *, txt(文书正文) AS 正文 FROM ${WS} WHERE (案由 IN ('民间借贷纠纷') OR txt(案由) IN ('民间借贷纠纷'))
                                                    AND (文书类型 IN ('判决书') OR txt(文书类型) IN ('判决书')))
  SELECT case_no(案号) AS 案号, txt(法院) AS 法院, txt(文书类型) AS 文书类型, txt(案由) AS 案由,
         txt(原告) AS 原告, txt(被告) AS 被告, date_of(裁判日期) AS 裁判日期,
         concat_ws('、', CASE WHEN contains(正文, '信用卡') THEN '信用卡' END, CASE WHEN contains(正文, '刷卡') THEN '刷卡' END,
                         CASE WHEN contains(正文, '套现') THEN '套现' END,
                         CASE WHEN regexp_matches(正文, '(?i:\bpos\b)') THEN 'POS' END) AS 命中词
  FROM ws WHERE regexp_matches(正文, '信用卡|刷卡|套现|(?i:\bpos\b)')
  ORDER BY 裁判日期, 案号
) TO '${OUT}' (HEADER, DELIMITER ',');
