-- output leads
SELECT
  `_v0` AS `终本案号`,
  `_v1` AS `执行法院`,
  `_v2` AS `被执行人`,
  `_v3` AS `身份证号`,
  `_v4` AS `未履行金额`,
  `_v5` AS `民事案号`,
  `_v6` AS `审理法院`,
  `_v7` AS `结案方式`,
  `_v8` AS `时段`,
  `_v9` AS `来源:zb`,
  `_v10` AS `来源:civil`
FROM (
  SELECT
    `zb__案号` AS `_v0`,
    `zb__法院` AS `_v1`,
    `zb__被执行人` AS `_v2`,
    `zb__被执行人身份证号` AS `_v3`,
    concat((CASE WHEN `zb__未履行金额` < 0 THEN '-' ELSE '' END), toString(intDiv(intDiv((abs(`zb__未履行金额`) + 50), 100), 100)), '.', substr(toString(((intDiv((abs(`zb__未履行金额`) + 50), 100) % 100) + 100)), 2)) AS `_v4`,
    `civil__案号` AS `_v5`,
    `civil__法院` AS `_v6`,
    `civil__结案方式` AS `_v7`,
    `时段` AS `_v8`,
    CASE WHEN `zb___clue_line` IS NOT NULL THEN concat(`zb___clue_file`, ':', toString(`zb___clue_line`)) END AS `_v9`,
    CASE WHEN `civil___clue_line` IS NOT NULL THEN concat(`civil___clue_file`, ':', toString(`civil___clue_line`)) END AS `_v10`,
    `zb__案号` AS `_o0`,
    `civil__案号` AS `_o1`
  FROM (
    SELECT *,
      (CASE WHEN ifNull((`zb__终本日期` < 18993), 0) THEN concat(toString((((intDiv((((_c2z - ((intDiv((((18993 + 719468) AS _c2z) - if(_c2z >= 0, 0, 146096)), 146097)) AS _c2e) * 146097) AS _c2d) - intDiv(_c2d, 1460) + intDiv(_c2d, 36524) - intDiv(_c2d, 146096)), 365)) AS _c2y) + ((intDiv((((18993 + 719468) AS _c2z) - if(_c2z >= 0, 0, 146096)), 146097)) AS _c2e) * 400 + if(((if(((intDiv((5 * ((_c2d - (365 * ((intDiv((((_c2z - ((intDiv((((18993 + 719468) AS _c2z) - if(_c2z >= 0, 0, 146096)), 146097)) AS _c2e) * 146097) AS _c2d) - intDiv(_c2d, 1460) + intDiv(_c2d, 36524) - intDiv(_c2d, 146096)), 365)) AS _c2y) + intDiv(_c2y, 4) - intDiv(_c2y, 100))) AS _c2o) + 2), 153)) AS _c2p) < 10, _c2p + 3, _c2p - 9)) AS _c2m) <= 2, 1, 0))), '年前') ELSE concat(toString((((intDiv((((_c1z - ((intDiv((((18993 + 719468) AS _c1z) - if(_c1z >= 0, 0, 146096)), 146097)) AS _c1e) * 146097) AS _c1d) - intDiv(_c1d, 1460) + intDiv(_c1d, 36524) - intDiv(_c1d, 146096)), 365)) AS _c1y) + ((intDiv((((18993 + 719468) AS _c1z) - if(_c1z >= 0, 0, 146096)), 146097)) AS _c1e) * 400 + if(((if(((intDiv((5 * ((_c1d - (365 * ((intDiv((((_c1z - ((intDiv((((18993 + 719468) AS _c1z) - if(_c1z >= 0, 0, 146096)), 146097)) AS _c1e) * 146097) AS _c1d) - intDiv(_c1d, 1460) + intDiv(_c1d, 36524) - intDiv(_c1d, 146096)), 365)) AS _c1y) + intDiv(_c1y, 4) - intDiv(_c1y, 100))) AS _c1o) + 2), 153)) AS _c1p) < 10, _c1p + 3, _c1p - 9)) AS _c1m) <= 2, 1, 0))), '年后') END) AS `时段`
    FROM (
      SELECT * FROM (
        SELECT * FROM (
          SELECT *, ifNull(`zb__被执行人身份证号`, '') AS `_k0_3`, isNull(`zb__被执行人身份证号`) AS `_kn0_3` FROM (
            SELECT * FROM (
              SELECT `案号` AS `zb__案号`, `法院` AS `zb__法院`, `被执行人` AS `zb__被执行人`, `被执行人身份证号` AS `zb__被执行人身份证号`, `未履行金额` AS `zb__未履行金额`, `终本日期` AS `zb__终本日期`, `是否履行完毕` AS `zb__是否履行完毕`, `_clue_file` AS `zb___clue_file`, `_clue_line` AS `zb___clue_line`
              FROM `终本案件`
            ) AS `t1`
            WHERE ifNull((`zb__是否履行完毕` = 0), 0)
              AND ifNull(isNotNull(`zb__被执行人身份证号`), 0)
          ) AS `l3`
        ) AS `a3`
        GLOBAL ALL INNER JOIN (
          SELECT *, assumeNotNull(`civil__原告身份证号`) AS `_k0_3`, 0 AS `_kn0_3` FROM (
            SELECT * FROM (
              SELECT `案号` AS `civil__案号`, `法院` AS `civil__法院`, `原告身份证号` AS `civil__原告身份证号`, `结案方式` AS `civil__结案方式`, `_clue_file` AS `civil___clue_file`, `_clue_line` AS `civil___clue_line`
              FROM `民事案件`
            ) AS `p3`
            WHERE ifNull(if(isNull(`civil__结案方式`), NULL, (`civil__结案方式` IN ('判决', '调解成功'))), 0)
          ) AS `r3`
          WHERE isNotNull(`civil__原告身份证号`)
        ) AS `b3`
        USING (`_k0_3`, `_kn0_3`)
      ) AS `t4`
      WHERE ifNull(if(isNull(`civil__结案方式`), NULL, (`civil__结案方式` IN ('判决', '调解成功'))), 0)
    ) AS `t5`
  ) AS `t6`
) AS `r`
ORDER BY
  `_o0` NULLS LAST,
  `_o1` NULLS LAST,
  coalesce(`_v0`, ''),
  coalesce(`_v1`, ''),
  coalesce(`_v2`, ''),
  coalesce(`_v3`, ''),
  coalesce(`_v4`, ''),
  coalesce(`_v5`, ''),
  coalesce(`_v6`, ''),
  coalesce(`_v7`, ''),
  coalesce(`_v8`, ''),
  coalesce(`_v9`, ''),
  coalesce(`_v10`, '');
