-- models/judicial_auctions.model in SQL with its default params (区分再次拍卖 = false: every
-- auction is judged as a first one). ${PM}: read_csv(...) of 网络司法拍卖公告.csv.
COPY (
  WITH pm AS (
    SELECT *, txt(标的类型) AS 类型n, date_of(公告发布日期) AS 公告d, date_of(开拍时间) AS 开拍d,
           money("评估价(元)") AS 评估, money("起拍价(元)") AS 起拍, money("保证金(元)") AS 保证
    FROM ${PM}
  ), f AS (
    SELECT *, CASE WHEN 类型n = '动产' THEN 15 WHEN 类型n IN ('不动产', '其他财产权') THEN 30 END AS 应公告天数,
           开拍d - 公告d AS 公告天数
    FROM pm
  ), g AS (
    SELECT *, coalesce(公告天数 < 应公告天数, false) AS 公告期不足,
           coalesce(起拍 < 评估 * 0.7, false) AS 起拍价过低,
           coalesce(保证 < 起拍 * 0.05 OR 保证 > 起拍 * 0.2, false) AS 保证金比例异常
    FROM f
  )
  SELECT case_no(执行案号) AS 执行案号, txt(执行法院) AS 执行法院, txt(拍卖标的) AS 拍卖标的, 类型n AS 标的类型,
         txt(拍卖轮次) AS 拍卖轮次, txt(拍卖平台) AS 拍卖平台,
         concat_ws('；', CASE WHEN 公告期不足 THEN '公告期不足（第十二条）' END,
                         CASE WHEN 起拍价过低 THEN '起拍价过低（第十条）' END,
                         CASE WHEN 保证金比例异常 THEN '保证金比例超出范围（第十七条）' END) AS 违规事项,
         公告期不足::INTEGER + 起拍价过低::INTEGER + 保证金比例异常::INTEGER AS 违规条数,
         CASE WHEN 公告期不足 THEN '是' ELSE '否' END AS 公告期不足, CASE WHEN 起拍价过低 THEN '是' ELSE '否' END AS 起拍价过低,
         CASE WHEN 保证金比例异常 THEN '是' ELSE '否' END AS 保证金比例异常, 公告d AS 公告发布日期,
         datetime_text(开拍时间) AS 开拍时间, 公告天数, 应公告天数,
         CAST(评估 AS DECIMAL(18, 2)) AS "评估价(元)", CAST(起拍 AS DECIMAL(18, 2)) AS "起拍价(元)",
         CAST(保证 AS DECIMAL(18, 2)) AS "保证金(元)", money_div_pct(起拍, 评估) AS "起拍价占评估价(%)",
         money_div_pct(保证, 起拍) AS "保证金占起拍价(%)"
  FROM g WHERE 公告期不足 OR 起拍价过低 OR 保证金比例异常
  ORDER BY 违规条数 DESC, 执行案号, 开拍d
) TO '${OUT}' (HEADER, DELIMITER ',');
