-- output 未享受减免
SELECT
  `_v0` AS `身份证号`,
  `_v1` AS `户主姓名`,
  `_v2` AS `乡镇(街道)`,
  `_v3` AS `家庭住址`,
  `_v4` AS `名单记录数`,
  `_v5` AS `来源:db`
FROM (
  SELECT
    `身份证号` AS `_v0`,
    `户主姓名` AS `_v1`,
    `乡镇街道` AS `_v2`,
    `家庭住址` AS `_v3`,
    toString(`名单记录数`) AS `_v4`,
    (CASE WHEN `db___clue_gfile` IS NOT NULL THEN concat(`db___clue_gfile`, ':', arrayStringConcat(arraySlice(splitByChar(';', ifNull(`db___clue_prov`, '')), 1, 20), ';'), (CASE WHEN toInt64(length(splitByChar(';', ifNull(`db___clue_prov`, '')))) > 20 THEN concat('…+', toString((toInt64(length(splitByChar(';', ifNull(`db___clue_prov`, '')))) - 20))) ELSE '' END)) END) AS `_v5`,
    `乡镇街道` AS `_o0`,
    `身份证号` AS `_o1`
  FROM (
    SELECT
      `db__身份证号` AS `身份证号`,
      min(`db__户主姓名`) AS `户主姓名`,
      min(`db__乡镇街道`) AS `乡镇街道`,
      min(`db__家庭住址`) AS `家庭住址`,
      toInt64(count()) AS `名单记录数`,
      min(`db___clue_file`) AS `db___clue_gfile`,
      arrayStringConcat(arrayMap(x -> toString(x), arraySort(groupUniqArray(`db___clue_line`))), ';') AS `db___clue_prov`
    FROM (
      SELECT `户主姓名` AS `db__户主姓名`, `身份证号` AS `db__身份证号`, `乡镇街道` AS `db__乡镇街道`, `家庭住址` AS `db__家庭住址`, `_clue_file` AS `db___clue_file`, `_clue_line` AS `db___clue_line`
      FROM `低保家庭`
      WHERE ifNull(isNotNull(`db__身份证号`), 0)
        AND (isNull(`db__身份证号`) OR ifNull(`db__身份证号` NOT IN (SELECT `jm__身份证号` AS `_k0_3` FROM (
        SELECT `身份证号` AS `jm__身份证号`, `减免月份` AS `jm__减免月份`, `_clue_file` AS `jm___clue_file`, `_clue_line` AS `jm___clue_line`
        FROM `clue`.`电费减免记录_local`
      ) AS `r3` WHERE ifNull((`jm__减免月份` BETWEEN ((((intDiv((((_c4z - ((intDiv((((19723 + 719468) AS _c4z) - if(_c4z >= 0, 0, 146096)), 146097)) AS _c4e) * 146097) AS _c4d) - intDiv(_c4d, 1460) + intDiv(_c4d, 36524) - intDiv(_c4d, 146096)), 365)) AS _c4y) + ((intDiv((((19723 + 719468) AS _c4z) - if(_c4z >= 0, 0, 146096)), 146097)) AS _c4e) * 400 + if(((if(((intDiv((5 * ((_c4d - (365 * ((intDiv((((_c4z - ((intDiv((((19723 + 719468) AS _c4z) - if(_c4z >= 0, 0, 146096)), 146097)) AS _c4e) * 146097) AS _c4d) - intDiv(_c4d, 1460) + intDiv(_c4d, 36524) - intDiv(_c4d, 146096)), 365)) AS _c4y) + intDiv(_c4y, 4) - intDiv(_c4y, 100))) AS _c4o) + 2), 153)) AS _c4p) < 10, _c4p + 3, _c4p - 9)) AS _c4m) <= 2, 1, 0)) * 12 + ((if(((intDiv((5 * ((_c3d - (365 * ((intDiv((((_c3z - ((intDiv((((19723 + 719468) AS _c3z) - if(_c3z >= 0, 0, 146096)), 146097)) AS _c3e) * 146097) AS _c3d) - intDiv(_c3d, 1460) + intDiv(_c3d, 36524) - intDiv(_c3d, 146096)), 365)) AS _c3y) + intDiv(_c3y, 4) - intDiv(_c3y, 100))) AS _c3o) + 2), 153)) AS _c3p) < 10, _c3p + 3, _c3p - 9)) AS _c3m) - 1) AND ((((intDiv((((_c2z - ((intDiv((((20088 + 719468) AS _c2z) - if(_c2z >= 0, 0, 146096)), 146097)) AS _c2e) * 146097) AS _c2d) - intDiv(_c2d, 1460) + intDiv(_c2d, 36524) - intDiv(_c2d, 146096)), 365)) AS _c2y) + ((intDiv((((20088 + 719468) AS _c2z) - if(_c2z >= 0, 0, 146096)), 146097)) AS _c2e) * 400 + if(((if(((intDiv((5 * ((_c2d - (365 * ((intDiv((((_c2z - ((intDiv((((20088 + 719468) AS _c2z) - if(_c2z >= 0, 0, 146096)), 146097)) AS _c2e) * 146097) AS _c2d) - intDiv(_c2d, 1460) + intDiv(_c2d, 36524) - intDiv(_c2d, 146096)), 365)) AS _c2y) + intDiv(_c2y, 4) - intDiv(_c2y, 100))) AS _c2o) + 2), 153)) AS _c2p) < 10, _c2p + 3, _c2p - 9)) AS _c2m) <= 2, 1, 0)) * 12 + ((if(((intDiv((5 * ((_c1d - (365 * ((intDiv((((_c1z - ((intDiv((((20088 + 719468) AS _c1z) - if(_c1z >= 0, 0, 146096)), 146097)) AS _c1e) * 146097) AS _c1d) - intDiv(_c1d, 1460) + intDiv(_c1d, 36524) - intDiv(_c1d, 146096)), 365)) AS _c1y) + intDiv(_c1y, 4) - intDiv(_c1y, 100))) AS _c1o) + 2), 153)) AS _c1p) < 10, _c1p + 3, _c1p - 9)) AS _c1m) - 1)), 0) AND ifNull((`jm__减免月份` BETWEEN ((((intDiv((((_c8z - ((intDiv((((19723 + 719468) AS _c8z) - if(_c8z >= 0, 0, 146096)), 146097)) AS _c8e) * 146097) AS _c8d) - intDiv(_c8d, 1460) + intDiv(_c8d, 36524) - intDiv(_c8d, 146096)), 365)) AS _c8y) + ((intDiv((((19723 + 719468) AS _c8z) - if(_c8z >= 0, 0, 146096)), 146097)) AS _c8e) * 400 + if(((if(((intDiv((5 * ((_c8d - (365 * ((intDiv((((_c8z - ((intDiv((((19723 + 719468) AS _c8z) - if(_c8z >= 0, 0, 146096)), 146097)) AS _c8e) * 146097) AS _c8d) - intDiv(_c8d, 1460) + intDiv(_c8d, 36524) - intDiv(_c8d, 146096)), 365)) AS _c8y) + intDiv(_c8y, 4) - intDiv(_c8y, 100))) AS _c8o) + 2), 153)) AS _c8p) < 10, _c8p + 3, _c8p - 9)) AS _c8m) <= 2, 1, 0)) * 12 + ((if(((intDiv((5 * ((_c7d - (365 * ((intDiv((((_c7z - ((intDiv((((19723 + 719468) AS _c7z) - if(_c7z >= 0, 0, 146096)), 146097)) AS _c7e) * 146097) AS _c7d) - intDiv(_c7d, 1460) + intDiv(_c7d, 36524) - intDiv(_c7d, 146096)), 365)) AS _c7y) + intDiv(_c7y, 4) - intDiv(_c7y, 100))) AS _c7o) + 2), 153)) AS _c7p) < 10, _c7p + 3, _c7p - 9)) AS _c7m) - 1) AND ((((intDiv((((_c6z - ((intDiv((((20088 + 719468) AS _c6z) - if(_c6z >= 0, 0, 146096)), 146097)) AS _c6e) * 146097) AS _c6d) - intDiv(_c6d, 1460) + intDiv(_c6d, 36524) - intDiv(_c6d, 146096)), 365)) AS _c6y) + ((intDiv((((20088 + 719468) AS _c6z) - if(_c6z >= 0, 0, 146096)), 146097)) AS _c6e) * 400 + if(((if(((intDiv((5 * ((_c6d - (365 * ((intDiv((((_c6z - ((intDiv((((20088 + 719468) AS _c6z) - if(_c6z >= 0, 0, 146096)), 146097)) AS _c6e) * 146097) AS _c6d) - intDiv(_c6d, 1460) + intDiv(_c6d, 36524) - intDiv(_c6d, 146096)), 365)) AS _c6y) + intDiv(_c6y, 4) - intDiv(_c6y, 100))) AS _c6o) + 2), 153)) AS _c6p) < 10, _c6p + 3, _c6p - 9)) AS _c6m) <= 2, 1, 0)) * 12 + ((if(((intDiv((5 * ((_c5d - (365 * ((intDiv((((_c5z - ((intDiv((((20088 + 719468) AS _c5z) - if(_c5z >= 0, 0, 146096)), 146097)) AS _c5e) * 146097) AS _c5d) - intDiv(_c5d, 1460) + intDiv(_c5d, 36524) - intDiv(_c5d, 146096)), 365)) AS _c5y) + intDiv(_c5y, 4) - intDiv(_c5y, 100))) AS _c5o) + 2), 153)) AS _c5p) < 10, _c5p + 3, _c5p - 9)) AS _c5m) - 1)), 0) AND isNotNull(`jm__身份证号`)), 0))
    ) AS `t4`
    GROUP BY `db__身份证号`
  ) AS `t5`
) AS `r`
ORDER BY
  `_o0` NULLS LAST,
  `_o1` NULLS LAST,
  coalesce(`_v0`, ''),
  coalesce(`_v1`, ''),
  coalesce(`_v2`, ''),
  coalesce(`_v3`, ''),
  coalesce(`_v4`, ''),
  coalesce(`_v5`, '');
