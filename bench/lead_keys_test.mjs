// Tests of bench/lead_keys.mjs (ctest bench_lead_keys; Node's standard library only).
import assert from 'node:assert/strict';
import { onlyIn, TOL_LEADS, TOL_EXPECTED } from './lead_keys.mjs';

const N = [false, false, true];  // bars_near_schools: 酒吧名称 + 学校名称 + 距离(米)
const lead = (d) => [['浮生清吧（鄞州区112号店）', '宁波市鄞州区第13学校', d]];

// The two pairs bench.mjs reported DIFFERENT at 5 M (seed 1): true distances 31.949950 m and
// 129.549971 m; the lead files say 31.95 / 129.55 (right to 10^-4 m), expected.json 31.9 /
// 129.5 (right to 0.1 m). Rounding 31.95 again to 0.1 gave 32.0: not a difference.
assert.deepEqual(onlyIn(lead('31.95'), lead(31.9), N, TOL_EXPECTED), []);
assert.deepEqual(onlyIn(lead(31.9), lead('31.95'), N, TOL_EXPECTED), []);
assert.deepEqual(onlyIn(lead('129.55'), lead(129.5), N, TOL_EXPECTED), []);
// ... and the tie the other way (34.550029 m: 34.55 and 34.6).
assert.deepEqual(onlyIn(lead('34.55'), lead(34.6), N, TOL_EXPECTED), []);
// Clue writes 27, DuckDB 27.0: the same number.
assert.deepEqual(onlyIn(lead('27'), lead('27.0'), N, TOL_LEADS), []);
// Real differences stay differences: 31.9501 (true value >= 31.95005) cannot round to 31.9;
// 32.0 is not 31.9; two lead files more than 10^-4 apart disagree.
assert.deepEqual(onlyIn(lead('31.9501'), lead(31.9), N, TOL_EXPECTED), [['浮生清吧（鄞州区112号店）', '宁波市鄞州区第13学校', '31.9501']]);
assert.equal(onlyIn(lead('32.0'), lead(31.9), N, TOL_EXPECTED).length, 1);
assert.deepEqual(onlyIn(lead('31.9501'), lead('31.95'), N, TOL_LEADS), []);
assert.equal(onlyIn(lead('31.9502'), lead('31.95'), N, TOL_LEADS).length, 1);
// A pair missing on one side, and another bar at the same school, are differences.
assert.equal(onlyIn(lead('31.95'), [], N, TOL_LEADS).length, 1);
assert.equal(onlyIn(lead('31.95'), [['别的酒吧', '宁波市鄞州区第13学校', '31.95']], N, TOL_LEADS).length, 1);
// Counts (integers) stay exact under either tolerance; an empty value matches only an empty one.
const C = [false, true];
assert.equal(onlyIn([['A', '5']], [['A', 6]], C, TOL_EXPECTED).length, 1);
assert.deepEqual(onlyIn([['A', '5']], [['A', 5]], C, TOL_EXPECTED), []);
assert.equal(onlyIn([['A', '']], [['A', 0]], C, TOL_LEADS).length, 1);
assert.deepEqual(onlyIn([['A', null]], [['A', '']], C, TOL_LEADS), []);
// Text keys are compared exactly; duplicates on one side are one key; the result is sorted.
const T = [false, false];
assert.deepEqual(onlyIn([['b', '2'], ['a', '1'], ['a', '1']], [['a', '1 ']], T, TOL_LEADS), [['a', '1'], ['b', '2']]);
// With several candidates of the same text key, any consistent one matches.
assert.deepEqual(onlyIn(lead('50.35'), [...lead(10), ...lead(50.4)], N, TOL_EXPECTED), []);
console.log('lead_keys: all passed');
