-- Clue's value normalisation (docs/data.md) written as DuckDB macros, so that the SQL
-- baseline finds the same leads on dirty exports. Used by bench/duckdb_run.mjs.
--
-- tr(s): trim space, tab, CR, LF, NBSP U+00A0, ideographic space U+3000, BOM U+FEFF.
CREATE OR REPLACE MACRO tr(s) AS
  trim(s, ' ' || chr(9) || chr(10) || chr(13) || chr(160) || chr(12288) || chr(65279));

-- id_clean(s): full-width digits/X → half-width, upper-case x, drop every space (ASCII and
-- U+3000, inside too: "330802 19800101 1234"), and the trim characters.
CREATE OR REPLACE MACRO id_clean(s) AS
  upper(regexp_replace(translate(s, '０１２３４５６７８９Ｘｘ', '0123456789XX'),
                       '[ \t\r\n\x{00A0}\x{3000}\x{FEFF}]', '', 'g'));

-- id_body(c): the 17-digit body as BIGINT (15 digits: "19" inserted after the region),
-- NULL when c is not 15 digits or 17 digits + [0-9X].
CREATE OR REPLACE MACRO id_body(c) AS
  CASE WHEN regexp_full_match(c, '[0-9]{15}')
         THEN CAST(substr(c, 1, 6) || '19' || substr(c, 7, 9) AS BIGINT)
       WHEN regexp_full_match(c, '[0-9]{17}[0-9X]')
         THEN CAST(substr(c, 1, 17) AS BIGINT)
  END;

-- id_check(b): GB 11643 check character of the body b (BIGINT, 17 digits), weights
-- 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, '10X98765432'[sum mod 11].
CREATE OR REPLACE MACRO id_check(b) AS substr('10X98765432', 1 + CAST((
      (b // 10000000000000000 % 10) * 7 + (b // 1000000000000000 % 10) * 9
    + (b // 100000000000000 % 10) * 10 + (b // 10000000000000 % 10) * 5
    + (b // 1000000000000 % 10) * 8 + (b // 100000000000 % 10) * 4
    + (b // 10000000000 % 10) * 2 + (b // 1000000000 % 10) * 1
    + (b // 100000000 % 10) * 6 + (b // 10000000 % 10) * 3
    + (b // 1000000 % 10) * 7 + (b // 100000 % 10) * 9
    + (b // 10000 % 10) * 10 + (b // 1000 % 10) * 5
    + (b // 100 % 10) * 8 + (b // 10 % 10) * 4 + (b % 10) * 2) % 11 AS INTEGER), 1);

-- date_ok(ymd): ymd (an integer yyyymmdd) is a calendar date in 1800-2200.
CREATE OR REPLACE MACRO date_ok(ymd) AS
  ymd // 10000 BETWEEN 1800 AND 2200 AND ymd // 100 % 100 BETWEEN 1 AND 12 AND ymd % 100 BETWEEN 1 AND
  CASE WHEN ymd // 100 % 100 = 2
         THEN CASE WHEN (ymd // 10000 % 4 = 0 AND ymd // 10000 % 100 <> 0) OR ymd // 10000 % 400 = 0 THEN 29 ELSE 28 END
       WHEN ymd // 100 % 100 IN (4, 6, 9, 11) THEN 30 ELSE 31 END;

-- id_valid(c, b): c = id_clean(raw) is a valid ID with body b = id_body(c): the 18th
-- character is the check character of the body (15-digit IDs have none), and the birth date
-- (body digits 7-14) is a calendar date in 1800-2200.
CREATE OR REPLACE MACRO id_valid(c, b) AS
  b IS NOT NULL AND (length(c) = 15 OR substr(c, 18, 1) = id_check(b)) AND date_ok(b // 1000 % 100000000);

-- The models compute, per row, f = id_fast(raw) (already 18 clean characters, the common
-- case), then c = CASE WHEN f THEN raw ELSE id_clean(raw) END and b = id_body of it, and join on
-- b; id_valid is applied to both sides of each joined pair only: two rows match when their
-- bodies are equal and both IDs are valid, which is the same as joining on the valid key, but
-- it does the check-digit and date arithmetic on the joined rows instead of on every row.
CREATE OR REPLACE MACRO id_fast(s) AS regexp_full_match(s, '[0-9]{17}[0-9X]');
CREATE OR REPLACE MACRO id_c(s, f) AS CASE WHEN f THEN s ELSE id_clean(s) END;
CREATE OR REPLACE MACRO id_b(s, f) AS CASE WHEN f THEN CAST(substr(s, 1, 17) AS BIGINT) ELSE id_body(id_clean(s)) END;

-- id_text(k): the normalised 18-character form of a key.
CREATE OR REPLACE MACRO id_text(k) AS lpad(CAST(k AS VARCHAR), 17, '0') || id_check(k);

-- case_no(s): Clue's canonical 案号: full-width （）, half-width digits, no spaces, no 字/第,
-- no leading zeros, 号 appended, 之一… dropped; year 1949-2200. NULL when it does not parse.
CREATE OR REPLACE MACRO case_parts(s) AS regexp_extract(
    regexp_replace(translate(s, '０１２３４５６７８９()〔〕[]【】〖〗', '0123456789（）（）（）（）（）'),
                   '[ \t\r\n\x{00A0}\x{3000}\x{FEFF}]', '', 'g'),
    '^（([0-9]{4})）(.+?)字?第?0*([0-9]{1,18})号?(?:之.*)?$', ['y', 'mid', 'n']);
CREATE OR REPLACE MACRO case_no(s) AS list_transform([case_parts(s)], p ->
  CASE WHEN p.y <> '' AND CAST(p.y AS INTEGER) BETWEEN 1949 AND 2200 AND TRY_CAST(p.n AS BIGINT) >= 1
       THEN '（' || p.y || '）' || p.mid || CAST(CAST(p.n AS BIGINT) AS VARCHAR) || '号' END)[1];

-- is_no(s): Clue's bool parser says false (否 N no false 0 无 × F, ASCII case-insensitive,
-- full-width letters folded); 否 and 是 as written are decided without the folding.
CREATE OR REPLACE MACRO is_no_slow(s) AS
  lower(translate(tr(s), 'ＮＯＦＡＬＳＥｎｏｆａｌｓｅ０', 'NOFALSEnofalse0'))
    IN ('否', 'n', 'no', 'false', '0', '无', '×', 'f');
CREATE OR REPLACE MACRO is_no(s) AS CASE s WHEN '否' THEN true WHEN '是' THEN false ELSE is_no_slow(s) END;

-- is_closed_won(s): 结案方式 in [判决, 调解成功] by text equality after Clue's text normalisation (trim), with the value as
-- written tried first.
CREATE OR REPLACE MACRO is_closed_won(s) AS s IN ('判决', '调解成功') OR tr(s) IN ('判决', '调解成功');

-- money(s): yuan as DECIMAL(18,4): ',' '，' '¥' '￥' '元' 'RMB' 'CNY' '人民币' and spaces
-- stripped, full-width digits folded; NULL when what is left is not a number.
CREATE OR REPLACE MACRO money(s) AS TRY_CAST(
  regexp_replace(translate(tr(s), '０１２３４５６７８９．', '0123456789.'),
                 '[,，¥￥元 ]|RMB|CNY|人民币', '', 'g') AS DECIMAL(18, 4));

-- year_of(s): the year of a date cell in any of Clue's forms (ISO, slash, dot, 年月日,
-- 二〇二二年…, compact): they all start with the year.
CREATE OR REPLACE MACRO year_of(s) AS TRY_CAST(substr(
  translate(tr(s), '０１２３４５６７８９〇○零一二三四五六七八九', '0123456789000123456789'), 1, 4) AS INTEGER);

-- ---------------------------------------------------------------- the nine other models --
-- txt(s): Clue's normalize_text: trimmed, full-width ASCII letters and digits folded (not the
-- punctuation), middle-dot variants as U+00B7, U+FF0E as U+00B7 between two CJK characters.
CREATE OR REPLACE MACRO txt_slow(s) AS regexp_replace(
  translate(tr(s), '０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ•・･‧∙', '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz·····'), '(\p{Han})．(\p{Han})', '\1·\2', 'g');
-- (translate with a long table costs per row: only cells with a character to fold take it.)
CREATE OR REPLACE MACRO txt(s) AS
  CASE WHEN regexp_matches(s, '[\x{FF10}-\x{FF5A}•・･‧∙．]') THEN txt_slow(s) ELSE tr(s) END;

-- punct(s): normalize_punct: trimmed, all of U+FF01-U+FF5E as ASCII, 〔〕 as (), 【】 as [],
-- curly quotes as straight ones, U+3000 as a space.
CREATE OR REPLACE MACRO punct_slow(s) AS
  translate(tr(s), '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～〔〕【】“”‘’' || chr(12288), '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~()[]""''''' || ' ');
CREATE OR REPLACE MACRO punct(s) AS
  CASE WHEN regexp_matches(s, '[\x{FF01}-\x{FF5E}〔〕【】“”‘’\x{3000}]') THEN punct_slow(s) ELSE tr(s) END;

-- int_of(s): parse_int: digits (full-width folded), a sign, a zero fraction; NULL otherwise.
CREATE OR REPLACE MACRO int_of(s) AS TRY_CAST(regexp_extract(
  translate(tr(s), '０１２３４５６７８９＋－．', '0123456789+-.'), '^([+-]?[0-9]+)(?:\.0*)?$', 1) AS BIGINT);

-- d_txt(s): a date cell made regular: full-width digits and separators folded, Chinese
-- numerals as digits (十 handled as in 十一 / 二十三 / 三十), spaces around 年月日 and the
-- separators dropped.
CREATE OR REPLACE MACRO d_txt(s) AS regexp_replace(regexp_replace(regexp_replace(regexp_replace(
  regexp_replace(translate(tr(s), '０１２３４５６７８９－／．：〇○零一二三四五六七八九',
                                  '0123456789-/.:000123456789'),
                 '\s*([年月日号时点分秒/.:-])\s*', '\1', 'g'),
  '([0-9])十([0-9])', '\1\2', 'g'), '([0-9])十', '\10', 'g'), '十([0-9])', '1\1', 'g'), '十', '10', 'g');

-- d_parts(t): year, month, day and the rest (a time) of a regular date text t, in the forms
-- Y-M-D / Y/M/D / Y.M.D (one separator), Y年M月D[日号], YYYYMMDD[HHMM[SS]].
CREATE OR REPLACE MACRO d_parts(t) AS regexp_extract(t,
  '^([0-9]{4})(?:([-/.])([0-9]{1,2})([-/.])([0-9]{1,2})|年([0-9]{1,2})月([0-9]{1,2})[日号]?|([0-9]{2})([0-9]{2}))(.*)$',
  ['y', 's1', 'm1', 's2', 'd1', 'm2', 'd2', 'm3', 'd3', 'rest']);

-- time_ok(p): the rest after the date is empty or a valid time of day: [ T]H:M[:S[.frac]],
-- H时[M分[S秒]] / H点…, or HHMM[SS] after a compact date.
CREATE OR REPLACE MACRO time_ok(p) AS list_transform([regexp_extract(p.rest,
    '^(?:[ T]?([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2})(?:\.[0-9]+)?)?|([0-9]{1,2})[时点](?:([0-9]{1,2})分(?:([0-9]{1,2})秒)?)?|([0-9]{2})([0-9]{2})([0-9]{2})?)$',
    ['h1', 'mi1', 'sc1', 'h2', 'mi2', 'sc2', 'h3', 'mi3', 'sc3'])], q ->
  p.rest = '' OR (
    (q.h1 <> '' OR q.h2 <> '' OR (q.h3 <> '' AND p.m3 <> ''))
    AND (q.h3 = '' OR p.m3 <> '') AND (q.h1 = '' OR p.m3 = '')
    AND TRY_CAST(coalesce(nullif(q.h1, ''), nullif(q.h2, ''), q.h3) AS INTEGER) < 24
    AND coalesce(TRY_CAST(coalesce(nullif(q.mi1, ''), nullif(q.mi2, ''), nullif(q.mi3, '')) AS INTEGER), 0) < 60
    AND coalesce(TRY_CAST(coalesce(nullif(q.sc1, ''), nullif(q.sc2, ''), nullif(q.sc3, '')) AS INTEGER), 0) < 60))[1];

-- date_of(s): a date cell (a date-time cut to its day) as DATE; NULL when it does not parse
-- or is not a calendar date in 1800-2200 (Excel serials, 2023-02-29, two-digit years).
CREATE OR REPLACE MACRO date_of_slow(s) AS list_transform([d_parts(d_txt(s))], p ->
  list_transform([[TRY_CAST(nullif(p.y, '') AS INTEGER),
                   TRY_CAST(coalesce(nullif(p.m1, ''), nullif(p.m2, ''), nullif(p.m3, '')) AS INTEGER),
                   TRY_CAST(coalesce(nullif(p.d1, ''), nullif(p.d2, ''), nullif(p.d3, '')) AS INTEGER)]], v ->
    CASE WHEN v[1] IS NOT NULL AND p.s1 = p.s2 AND date_ok(v[1] * 10000 + v[2] * 100 + v[3]) AND time_ok(p)
         THEN make_date(v[1], v[2], v[3]) END)[1])[1];
-- The common case (YYYY-MM-DD as written) without the regular-expression rewriting.
CREATE OR REPLACE MACRO date_of(s) AS CASE WHEN regexp_full_match(s, '[0-9]{4}-[0-9]{2}-[0-9]{2}')
  THEN CASE WHEN substr(s, 1, 4) BETWEEN '1800' AND '2200' THEN TRY_CAST(s AS DATE) END
  ELSE date_of_slow(s) END;

-- month_of(s): a month cell (YYYY-MM, YYYYMM, YYYY年M月, YYYY/M, YYYY.MM, or a date) as the
-- DATE of its first day.
CREATE OR REPLACE MACRO month_of_slow(s) AS list_transform([regexp_extract(d_txt(s),
    '^([0-9]{4})(?:[-/.]([0-9]{1,2})|年([0-9]{1,2})月|([0-9]{2}))$', ['y', 'a', 'b', 'c'])], p ->
  CASE WHEN p.y <> '' AND TRY_CAST(p.y AS INTEGER) BETWEEN 1800 AND 2200
            AND TRY_CAST(p.a || p.b || p.c AS INTEGER) BETWEEN 1 AND 12
         THEN make_date(TRY_CAST(p.y AS INTEGER), TRY_CAST(p.a || p.b || p.c AS INTEGER), 1)
       ELSE CAST(date_trunc('month', date_of(s)) AS DATE) END)[1];
CREATE OR REPLACE MACRO month_of(s) AS CASE WHEN regexp_full_match(s, '[0-9]{4}-(0[1-9]|1[0-2])')
  THEN CASE WHEN substr(s, 1, 4) BETWEEN '1800' AND '2200' THEN make_date(CAST(substr(s, 1, 4) AS INTEGER), CAST(substr(s, 6, 2) AS INTEGER), 1) END
  ELSE month_of_slow(s) END;

-- id_norm(s): an idcard cell's normal form (18 characters), NULL when it is not a valid ID.
CREATE OR REPLACE MACRO id_norm_slow(s) AS list_transform([id_c(s, id_fast(s))], c ->
  list_transform([id_body(c)], b -> CASE WHEN id_valid(c, b) THEN id_text(b) END)[1])[1];
-- The common case: 18 clean characters that are a valid ID, without the lambdas.
CREATE OR REPLACE MACRO id_norm(s) AS
  CASE WHEN id_fast(s) AND id_valid(s, CAST(substr(s, 1, 17) AS BIGINT)) THEN s ELSE id_norm_slow(s) END;

-- mask_id(k): mask() of a person's normal form: region and the check part kept.
CREATE OR REPLACE MACRO mask_id(k) AS substr(k, 1, 6) || '********' || substr(k, 15, 4);

-- uscc_ok(c): c (upper-case, folded) is a 统一社会信用代码 with the right check character.
CREATE OR REPLACE MACRO uscc_ok(c) AS regexp_full_match(c, '[0-9A-HJ-NPQRTUWXY]{18}') AND
  substr('0123456789ABCDEFGHJKLMNPQRTUWXY', 1 + CAST((31 - list_sum(list_transform(range(17), i ->
    (instr('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(c, i + 1, 1)) - 1) *
    [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28][i + 1])) % 31) % 31 AS INTEGER), 1) = substr(c, 18, 1);

-- party_norm(s): a partyid cell's normal form: a valid ID card as its 18 characters; else,
-- unless it has an ID card's shape (15 digits, or 17 digits + [0-9X], with a real birth date:
-- a mistyped ID, never a USCC), a valid USCC upper-cased; else NULL.
CREATE OR REPLACE MACRO party_norm_slow(s) AS list_transform([id_c(s, id_fast(s))], c ->
  list_transform([id_body(c)], b -> CASE
    WHEN id_valid(c, b) THEN id_text(b)
    WHEN b IS NOT NULL AND date_ok(b // 1000 % 100000000) THEN NULL
    WHEN uscc_ok(upper(translate(tr(s), '０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ', '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'))) THEN upper(translate(tr(s), '０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ', '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'))
  END)[1])[1];
-- The common case: 18 clean characters that are a valid ID, without the lambdas.
CREATE OR REPLACE MACRO party_norm(s) AS
  CASE WHEN id_fast(s) AND id_valid(s, CAST(substr(s, 1, 17) AS BIGINT)) THEN s ELSE party_norm_slow(s) END;

-- geo_num(s): a coordinate number (full-width digits, a leading '+'; no exponent).
CREATE OR REPLACE MACRO geo_num(s) AS TRY_CAST(regexp_extract(
  translate(tr(s), '０１２３４５６７８９．＋－', '0123456789.+-'), '^[+]?(-?[0-9]*\.?[0-9]*)$', 1) AS DOUBLE);

-- haversine_m(lon1, lat1, lon2, lat2): geo.cpp's great-circle distance (mean radius 6371008.8 m).
CREATE OR REPLACE MACRO haversine_m(lon1, lat1, lon2, lat2) AS
  2 * 6371008.8 * asin(sqrt(least(1.0,
    pow(sin(radians(lat2 - lat1) / 2), 2) + cos(radians(lat1)) * cos(radians(lat2)) * pow(sin(radians(lon2 - lon1) / 2), 2))));

-- datetime_text(s): a date-time cell as Clue prints it, YYYY-MM-DD HH:MM:SS (a date alone is
-- midnight, the fraction of a second dropped); NULL when date_of(s) is NULL.
CREATE OR REPLACE MACRO datetime_text(s) AS list_transform([regexp_extract(d_parts(d_txt(s)).rest,
    '^(?:[ T]?([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2}))?|([0-9]{1,2})[时点](?:([0-9]{1,2})分(?:([0-9]{1,2})秒)?)?|([0-9]{2})([0-9]{2})([0-9]{2})?)',
    ['h1', 'mi1', 'sc1', 'h2', 'mi2', 'sc2', 'h3', 'mi3', 'sc3'])], q ->
  strftime(date_of(s), '%Y-%m-%d') || ' ' ||
  lpad(CAST(coalesce(TRY_CAST(q.h1 || q.h2 || q.h3 AS INTEGER), 0) AS VARCHAR), 2, '0') || ':' ||
  lpad(CAST(coalesce(TRY_CAST(q.mi1 || q.mi2 || q.mi3 AS INTEGER), 0) AS VARCHAR), 2, '0') || ':' ||
  lpad(CAST(coalesce(TRY_CAST(q.sc1 || q.sc2 || q.sc3 AS INTEGER), 0) AS VARCHAR), 2, '0'))[1];

-- money_div_pct(a, b): Clue's a * 100 / b on money (4 fraction digits, the quotient truncated
-- toward zero, plan/arith.h), printed with 2 digits rounded half away from zero; NULL when b
-- is 0 or NULL.
CREATE OR REPLACE MACRO money_div_pct(a, b) AS list_transform([
    CASE WHEN b <> 0 THEN CAST(a * 10000 AS HUGEINT) * 100 * 10000 // CAST(b * 10000 AS HUGEINT) END], r ->
  CAST(CAST(sign(r) * ((abs(r) + 50) // 100) AS DECIMAL(20, 0)) / 100 AS DECIMAL(18, 2)))[1];
