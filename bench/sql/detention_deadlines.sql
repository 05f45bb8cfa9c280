-- models/detention_deadlines.model in SQL: 即将届满, 已超期, 无法计算期限, with the default params
-- (运行日期 2024-12-31, 预警天数 7). ${ZY}: read_csv(...) of 在押人员.csv. The model's table of
-- time limits as (stage, extensions) -> (months, days); a stage or extension not in it has no limit.
CREATE TEMP TABLE 羁押期限 AS
  WITH lim(阶段, 次数, 月, 日) AS (VALUES
    ('提请批准逮捕', 0, 0, 3), ('提请批准逮捕', 1, 0, 7), ('提请批准逮捕', 2, 0, 30),
    ('审查批准逮捕', 0, 0, 7),
    ('侦查羁押', 0, 2, 0), ('侦查羁押', 1, 3, 0), ('侦查羁押', 2, 5, 0), ('侦查羁押', 3, 7, 0),
    ('审查起诉', 0, 1, 0), ('审查起诉', 1, 1, 15),
    ('审查起诉(速裁)', 0, 0, 10), ('审查起诉(速裁)', 1, 0, 15),
    ('退回补充侦查', 0, 1, 0),
    ('一审', 0, 2, 0), ('一审', 1, 3, 0), ('一审', 2, 6, 0),
    ('一审(简易程序)', 0, 0, 20), ('一审(简易程序)', 1, 1, 15),
    ('一审(速裁程序)', 0, 0, 10), ('一审(速裁程序)', 1, 0, 15),
    ('二审', 0, 2, 0), ('二审', 1, 4, 0)
  ), zy AS (
    SELECT *, punct(诉讼阶段) AS 阶段n, int_of(已延长次数) AS n, date_of(阶段起算日期) AS 起算 FROM ${ZY}
    WHERE txt(强制措施) IN ('刑事拘留', '拘留', '逮捕')
  ), t AS (
    SELECT zy.*, lim.月, lim.日,
           CAST(zy.起算 + to_months(CAST(lim.月 AS INTEGER)) + to_days(CAST(lim.日 AS INTEGER)) AS DATE) AS 届满日
    FROM zy LEFT JOIN lim ON lim.阶段 = zy.阶段n AND lim.次数 = zy.n
  )
  SELECT txt(姓名) AS 姓名, mask_id(id_norm(身份证号)) AS 脱敏身份证号, txt(监管场所) AS 监管场所,
         txt(案件编号) AS 案件编号, txt(办案单位) AS 办案单位, txt(强制措施) AS 强制措施, txt(诉讼阶段) AS 诉讼阶段,
         n AS 已延长次数, 起算 AS 阶段起算日期,
         CASE WHEN 月 > 0 THEN 月 || '个月' ELSE '' END || CASE WHEN 日 > 0 THEN 日 || '日' ELSE '' END AS 期限,
         届满日, 届满日 - DATE '2024-12-31' AS 剩余天数
  FROM t;
COPY (SELECT * FROM 羁押期限 WHERE 届满日 BETWEEN DATE '2024-12-31' AND DATE '2025-01-07' ORDER BY 届满日, 监管场所, 姓名)
  TO '${OUT}' (HEADER, DELIMITER ',');
COPY (SELECT * EXCLUDE (剩余天数), 0 - 剩余天数 AS 超期天数 FROM 羁押期限 WHERE 届满日 < DATE '2024-12-31'
      ORDER BY 届满日, 监管场所, 姓名)
  TO '${OUT:已超期}' (HEADER, DELIMITER ',');
COPY (SELECT * EXCLUDE (期限, 届满日, 剩余天数) FROM 羁押期限 WHERE 届满日 IS NULL ORDER BY 监管场所, 姓名)
  TO '${OUT:无法计算期限}' (HEADER, DELIMITER ',');
