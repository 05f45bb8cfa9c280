-- models/repealed_statutes.model in SQL: 错误引用 and 待人工审查. ${WS}: read_csv(...) of
-- 裁判文书.csv. matches() is an RE2 partial match, as regexp_matches.
CREATE TEMP TABLE 引用旧法 AS
  WITH ws AS (
    SELECT *, txt(文书正文) AS 正文, date_of(裁判日期) AS 裁判d, date_of(法律事实日期) AS 事实d FROM ${WS}
  ), y AS (
    SELECT * FROM ws WHERE 裁判d >= DATE '2021-01-01' AND
      regexp_matches(正文, '《(中华人民共和国)?(合同法|物权法|担保法|民法通则|民法总则|婚姻法|继承法|收养法|侵权责任法)》')
  )
  SELECT case_no(案号) AS 案号, txt(法院) AS 法院, txt(文书类型) AS 文书类型, txt(案由) AS 案由,
         裁判d AS 裁判日期, 事实d AS 法律事实日期,
         list_aggregate(list_transform(['合同法', '物权法', '担保法', '民法通则', '民法总则', '婚姻法', '继承法', '收养法', '侵权责任法'],
           l -> CASE WHEN regexp_matches(正文, '《(中华人民共和国)?' || l || '》') THEN '《' || l || '》' ELSE '' END), 'string_agg', '') AS 被引废止法律
  FROM y;
COPY (SELECT * FROM 引用旧法 WHERE 法律事实日期 >= DATE '2021-01-01' ORDER BY 裁判日期, 案号)
  TO '${OUT}' (HEADER, DELIMITER ',');
COPY (SELECT * EXCLUDE (法律事实日期) FROM 引用旧法 WHERE 法律事实日期 IS NULL ORDER BY 裁判日期, 案号)
  TO '${OUT:待人工审查}' (HEADER, DELIMITER ',');
