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
