#!/usr/bin/env python3
"""Writes a syntactically and semantically valid .model file of about N lines (default 2000),
for measuring the front end's parse+check time: `clue lint` on it must stay fast."""
import sys

def main():
    target = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    out = []
    out.append('model large {\n  title "压力测试模型"\n  version "1.0.0"\n  jurisdiction "测试"\n  basis "无"\n}')
    out.append('schema 终本案件 {\n  案号: case_no\n  法院: text\n  被执行人: text\n  被执行人身份证号: idcard\n'
               '  未履行金额: money from "未履行金额(元)"\n  终本日期: date\n  是否履行完毕: bool\n}')
    out.append('schema 民事案件 {\n  案号: case_no\n  原告身份证号: idcard?\n  结案方式: text\n  结案日期: date?\n'
               '  判决金额: money? from "判决金额(元)"\n}')
    out.append('source zb: 终本案件\nsource civil: 民事案件')
    lines = sum(block.count('\n') + 1 for block in out)
    i = 0
    while lines < target:
        block = (
            f'param 门槛{i}: money = {1000 + i}\n'
            f'param 分界{i}: date = 2022-01-01\n'
            f'r{i} = zb\n'
            f'  where zb.是否履行完毕 == false and zb.未履行金额 > 门槛{i}\n'
            f'  join civil on zb.被执行人身份证号 == civil.原告身份证号\n'
            f'  where civil.结案方式 in ["判决", "调解成功"] and (civil.结案日期 is null or civil.结案日期 >= 分界{i})\n'
            f'  derive 时段{i} = if zb.终本日期 < 分界{i} then "前" else "后", 差额{i} = zb.未履行金额 - 门槛{i}\n'
            f'output r{i} {{ zb.案号 as 终本案号, civil.案号 as 民事案号, mask(zb.被执行人身份证号) as 身份证号, 时段{i}, 差额{i} }}\n'
            f'  order by 终本案号'
        )
        out.append(block)
        lines += block.count('\n') + 1
        i += 1
    sys.stdout.write('\n'.join(out) + '\n')

if __name__ == '__main__':
    main()
