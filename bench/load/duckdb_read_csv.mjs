// DuckDB baseline for load_bench: read_csv of the same 终本 file into a typed table.
//   cd /tmp/duckdb && npm install @duckdb/node-api
//   NODE_PATH=/tmp/duckdb/node_modules node bench/load/duckdb_read_csv.mjs FILE [THREADS=1] [REPEAT=3] [typed|varchar]
// typed: the columns declared as Clue's bench declares them (DECIMAL(18,4) money, DATE dates,
// everything else VARCHAR: DuckDB has no idcard/case_no/是否 types), ignore_errors=true
// (DuckDB drops the rows it cannot cast; Clue keeps them with nulls and rejects).
// varchar: all_varchar, the raw CSV parsing cost only. The GB18030 twin cannot be read by
// DuckDB without its encodings extension (downloaded at run time), so only UTF-8 is compared.
import { createRequire } from 'node:module';
import fs from 'node:fs';
const require = createRequire(process.env.NODE_PATH ? process.env.NODE_PATH + '/' : import.meta.url);
const { DuckDBInstance } = require('@duckdb/node-api');

const [file, threads = '1', repeat = '3', mode = 'typed'] = process.argv.slice(2);
const columns = `{'案号':'VARCHAR','法院':'VARCHAR','被执行人':'VARCHAR','被执行人身份证号':'VARCHAR',
  '申请执行人':'VARCHAR','执行标的金额(元)':'DECIMAL(18,4)','未履行金额(元)':'DECIMAL(18,4)',
  '终本日期':'DATE','是否履行完毕':'VARCHAR','立案日期':'DATE'}`;
const opts = mode === 'varchar'
  ? `header=true, skip=1, all_varchar=true, ignore_errors=true`
  : `header=true, skip=1, columns=${columns}, dateformat='%Y-%m-%d', ignore_errors=true`;
const mb = fs.statSync(file).size / 1e6;
let best = Infinity, rows = 0;
for (let i = 0; i < Number(repeat); i++) {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`SET threads=${Number(threads)}`);
  await con.run(`SET preserve_insertion_order=true`);
  const t0 = process.hrtime.bigint();
  await con.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file}', ${opts})`);
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  const r = await con.runAndReadAll('SELECT count(*) FROM t');
  rows = Number(r.getRows()[0][0]);
  best = Math.min(best, sec);
  con.closeSync?.();
  db.closeSync?.();
}
const rss = process.resourceUsage().maxRSS / 1024;
console.log(`duckdb ${mode} ${file} threads=${threads} rows=${rows}  ${best.toFixed(3)} s  ` +
  `${(rows / best / 1e6).toFixed(2)} M rows/s  ${(mb / best).toFixed(1)} MB/s  peak RSS ${rss.toFixed(0)} MB`);
