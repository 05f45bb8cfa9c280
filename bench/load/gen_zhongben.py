#!/usr/bin/env python3
"""Writes a 终本案件-style CSV export for the load benchmark (not committed data).

usage: gen_zhongben.py OUT.csv [ROWS=1000000] [SEED=1]
Columns: 案号,法院,被执行人,被执行人身份证号,申请执行人,执行标的金额(元),未履行金额(元),终本日期,是否履行完毕,立案日期
UTF-8 with a BOM and CRLF, a title row and a 合计 trailer, as court systems export; about
1 % of rows carry realistic dirt (full-width digits, 1,234.50 in quotes, ¥, 2022年3月1日,
a bad check digit, a quoted line break in a name). Make the GB18030 twin with
  tail -c +4 OUT.csv | iconv -f UTF-8 -t GB18030 > OUT_gb18030.csv
"""
import random
import sys

out = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
C = "10X98765432"
provinces = [("浙", "33", ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11"]),
             ("京", "11", ["01", "02", "05", "06", "07", "08"]),
             ("粤", "44", ["01", "03", "04", "06", "19", "20"]),
             ("苏", "32", ["01", "02", "05", "06", "11"])]
cities = {"33": ["杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市", "金华市", "衢州市", "舟山市", "台州市", "丽水市"],
          "11": ["北京市"], "44": ["广州市", "深圳市", "珠海市", "佛山市", "东莞市", "中山市"],
          "32": ["南京市", "无锡市", "苏州市", "南通市", "扬州市"]}
districts = ["上城区", "西湖区", "南湖区", "秀洲区", "海宁市", "桐乡市", "嘉善县", "平湖市", "海盐县", "越城区", "鄞州区", "鹿城区"]
surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
given = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"
company_words = ["建设", "建筑", "贸易", "科技", "置业", "实业", "纺织", "机械", "电子", "物流", "投资", "房地产开发", "餐饮管理", "装饰工程"]
banks = ["中国工商银行股份有限公司", "中国农业银行股份有限公司", "中国银行股份有限公司", "中国建设银行股份有限公司",
         "浙江农村商业银行股份有限公司", "招商银行股份有限公司", "交通银行股份有限公司"]


def person():
    return rng.choice(surnames) + "".join(rng.choice(given) for _ in range(rng.choice((1, 2, 2))))


def company(city):
    return city + rng.choice(["", "某某", "宏达", "恒信", "新华", "金源", "瑞丰"]) + rng.choice(company_words) + "有限公司"


def idcard(region):
    y, m, d = rng.randint(1950, 2002), rng.randint(1, 12), rng.randint(1, 28)
    body = "%s%04d%02d%02d%03d" % (region, y, m, d, rng.randint(1, 999))
    return body + C[sum(int(a) * w for a, w in zip(body, W)) % 11]


def date(y0, y1):
    return "%04d-%02d-%02d" % (rng.randint(y0, y1), rng.randint(1, 12), rng.randint(1, 28))


def money():
    v = rng.choice((rng.randint(1000, 99999), rng.randint(10000, 2_000_000), rng.randint(100, 5000)))
    cents = rng.randint(0, 99) if rng.random() < 0.3 else 0
    return v, cents


with open(out, "w", encoding="utf-8", newline="") as f:
    f.write("\ufeff某省高级人民法院终本案件信息导出,,,,,,,,,\r\n")
    f.write("案号,法院,被执行人,被执行人身份证号,申请执行人,执行标的金额(元),未履行金额(元),终本日期,是否履行完毕,立案日期\r\n")
    for i in range(rows):
        abbr, pcode, courts = rng.choice(provinces)
        court_no = rng.choice(courts)
        city = rng.choice(cities[pcode])
        year = rng.randint(2015, 2023)
        kind = rng.choice(("执", "执", "执", "执恢"))
        case_no = "(%d)%s%s%02d%s%d号" % (year, abbr, court_no, rng.randint(1, 99), kind, rng.randint(1, 20000))
        court = city + rng.choice(districts) + "人民法院"
        if rng.random() < 0.8:
            debtor, did = person(), idcard(pcode + court_no + "%02d" % rng.randint(1, 30))
        else:
            debtor, did = company(city), ""
        creditor = person() if rng.random() < 0.5 else (rng.choice(banks) + city[:-1] + "分行" if rng.random() < 0.5 else company(city))
        v, cents = money()
        unpaid = rng.randint(0, v)
        target = "%d.%02d" % (v, cents)
        unpaid_s = "%d.%02d" % (unpaid, cents) if unpaid else "0"
        filed = date(year, year)
        end = date(year, min(2024, year + 2))
        paid = "是" if unpaid == 0 else "否"
        dirt = rng.random()
        if dirt < 0.01:
            k = rng.randrange(6)
            if k == 0:
                target = '"{:,}.{:02d}"'.format(v, cents)
            elif k == 1:
                target = "¥" + target
            elif k == 2:
                y, m, d = end.split("-")
                end = "%s年%d月%d日" % (y, int(m), int(d))
            elif k == 3 and did:
                did = did[:17] + ("0" if did[17] != "0" else "1")
            elif k == 4:
                debtor = '"%s\r\n（曾用名%s）"' % (debtor, person())
            else:
                case_no = case_no.translate(str.maketrans("0123456789()", "０１２３４５６７８９（）"))
        f.write(",".join((case_no, court, debtor, did, creditor, target, unpaid_s, end, paid, filed)) + "\r\n")
    f.write("合计,,,,,,,,,\r\n")
