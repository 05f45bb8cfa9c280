// Runs one model (or the naive join) as SQL in DuckDB over a folder of exports.
//   node bench/duckdb_run.mjs --data-dir DIR --model <model with bench/sql/<model>.sql>|naive|noop
//        --threads N --out DIR [--profile FILE]
// Prints one JSON line: {"model", "threads", "query_s", "setup_s", "outputs": {name: path}}.
// The SQL is in bench/sql/*.sql; ${ZB} etc. are replaced by read_csv(...) calls whose
// header row is found by reading the first lines of each file (终本案件.csv has title rows).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '.duckdb', 'node_modules', 'x.js'));
const { DuckDBInstance } = require('@duckdb/node-api');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const dataDir = path.resolve(args['data-dir']);
const outDir = path.resolve(args.out);
const threads = Number(args.threads || 1);
const model = args.model;
fs.mkdirSync(outDir, { recursive: true });

// The header line: the first line (of the first 50) whose fields include every required
// header; the lines above it (a title, an export note) are skipped.
export function headerSkip(file, required) {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(65536);
  const n = fs.readSync(fd, buf, 0, buf.length, 0);
  fs.closeSync(fd);
  const lines = buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/).slice(0, 50);
  for (let i = 0; i < lines.length; i++) {
    const fields = lines[i].split(',').map((f) => f.trim().replace(/^"|"$/g, ''));
    if (required.every((h) => fields.includes(h))) return i;
  }
  throw new Error(`${file}: no header line with ${required.join(', ')} in its first 50 lines`);
}

const files = {
  ZB: ['终本案件.csv', ['案号', '被执行人身份证号', '是否履行完毕']],
  MS: ['民事案件.csv', ['案号', '原告身份证号', '结案方式']],
  GJJ: ['公积金.csv', ['个人账号', '身份证号', '余额(元)']],
  YL: ['养老金.csv', ['身份证号', '月发放金额(元)', '发放月份']],
  DB: ['低保.csv', ['户主姓名', '身份证号', '乡镇(街道)']],
  JM: ['电费减免.csv', ['户号', '身份证号', '减免月份']],
  JB: ['酒吧.csv', ['酒吧名称', '经度', '纬度', '营业执照日期']],
  XX: ['学校.csv', ['学校名称', '经度', '纬度', '建校日期']],
  XG: ['限制消费令.csv', ['案号', '证件号码', '发布日期', '解除日期']],
  CX: ['出行住宿记录.csv', ['证件号码', '类型', '日期']],
  PM: ['网络司法拍卖公告.csv', ['执行案号', '公告发布日期', '开拍时间', '起拍价(元)']],
  WS: ['裁判文书.csv', ['案号', '裁判日期', '文书正文']],
  ZY: ['在押人员.csv', ['姓名', '诉讼阶段', '阶段起算日期', '已延长次数']],
};
const sq = (s) => `'${s.replace(/'/g, "''")}'`;
function readCsv(key) {
  const [name, required] = files[key];
  const file = path.join(dataDir, name);
  const skip = headerSkip(file, required);
  // Everything as text (Clue's parsers do the typing); rows with a wrong field count are
  // dropped (Clue rejects them too); the dialect is given, not sniffed.
  return `read_csv(${sq(file)}, header = true, skip = ${skip}, delim = ',', quote = '"', escape = '"', ` +
    `all_varchar = true, ignore_errors = true, null_padding = false)`;
}

// A model's SQL is bench/sql/<model>.sql: ${OUT} is its first output's file.
const sqlFile = model === 'noop' ? null : /^[a-z_]+$/.test(model) && fs.existsSync(path.join(here, 'sql', `${model}.sql`))
  ? `${model}.sql` : undefined;
if (sqlFile === undefined || model === 'normalise') throw new Error(`unknown --model ${model}`);
const outputs = model === 'noop' ? {} : model === 'naive'
  ? { OUT_DUE: path.join(outDir, 'naive_due_claims.csv'), OUT_PF: path.join(outDir, 'naive_provident_fund.csv') }
  : { OUT: path.join(outDir, `${model}.csv`) };

const t0 = process.hrtime.bigint();
let sql = sqlFile ? fs.readFileSync(path.join(here, 'sql', sqlFile), 'utf8') : 'SELECT 1';
for (const key of Object.keys(files)) if (sql.includes('${' + key + '}')) sql = sql.replaceAll('${' + key + '}', readCsv(key));
// A model's further outputs: ${OUT:<name>} writes <name>.csv (compared with Clue's <name>.csv).
for (const m of sql.matchAll(/\$\{OUT:([^}/\\]+)\}/g)) outputs[`OUT:${m[1]}`] = path.join(outDir, `${m[1]}.csv`);
for (const [k, v] of Object.entries(outputs)) sql = sql.replaceAll('${' + k + '}', v.replace(/'/g, "''"));

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`SET threads = ${threads}`);
await con.run(fs.readFileSync(path.join(here, 'sql', 'normalise.sql'), 'utf8'));
if (args.profile) {
  // DuckDB's operator tree with the time spent in each operator, written to this file.
  await con.run(`SET enable_profiling = 'query_tree'`);
  await con.run(`SET profiling_output = '${path.resolve(args.profile).replace(/'/g, "''")}'`);
}
const t1 = process.hrtime.bigint();
await con.run(sql);
const t2 = process.hrtime.bigint();
con.closeSync?.();
db.closeSync?.();
console.log(JSON.stringify({
  model, threads, setup_s: Number(t1 - t0) / 1e9, query_s: Number(t2 - t1) / 1e9,
  outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v])),
}));
