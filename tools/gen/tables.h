// Reference tables of clue-gen: courts, names, companies, places.
#pragma once

namespace clue::gen {

struct Court {
  const char* region;    // GB/T 2260 code, also used as the ID-card region
  const char* city;
  const char* district;
  const char* court;     // 法院
  const char* code;      // 法院代字 in 案号
};

inline const Court kCourts[] = {
    {"330102", "杭州市", "上城区", "杭州市上城区人民法院", "浙0102"},
    {"330105", "杭州市", "拱墅区", "杭州市拱墅区人民法院", "浙0105"},
    {"330106", "杭州市", "西湖区", "杭州市西湖区人民法院", "浙0106"},
    {"330110", "杭州市", "余杭区", "杭州市余杭区人民法院", "浙0110"},
    {"330203", "宁波市", "海曙区", "宁波市海曙区人民法院", "浙0203"},
    {"330212", "宁波市", "鄞州区", "宁波市鄞州区人民法院", "浙0212"},
    {"330302", "温州市", "鹿城区", "温州市鹿城区人民法院", "浙0302"},
    {"330402", "嘉兴市", "南湖区", "嘉兴市南湖区人民法院", "浙0402"},
    {"330502", "湖州市", "吴兴区", "湖州市吴兴区人民法院", "浙0502"},
    {"330602", "绍兴市", "越城区", "绍兴市越城区人民法院", "浙0602"},
    {"330702", "金华市", "婺城区", "金华市婺城区人民法院", "浙0702"},
    {"330782", "金华市", "义乌市", "义乌市人民法院", "浙0782"},
    {"330802", "衢州市", "柯城区", "衢州市柯城区人民法院", "浙0802"},
    {"330803", "衢州市", "衢江区", "衢州市衢江区人民法院", "浙0803"},
    {"330881", "衢州市", "江山市", "江山市人民法院", "浙0881"},
    {"330902", "舟山市", "定海区", "舟山市定海区人民法院", "浙0902"},
    {"331002", "台州市", "椒江区", "台州市椒江区人民法院", "浙1002"},
    {"331102", "丽水市", "莲都区", "丽水市莲都区人民法院", "浙1102"},
};
inline constexpr int kCourtCount = sizeof kCourts / sizeof kCourts[0];

inline const char* const kSurnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
    "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田",
    "董", "潘", "袁", "蔡", "蒋", "余", "于", "杜", "叶", "程", "魏", "苏", "吕", "丁", "任", "沈", "姚",
    "卢", "傅", "钟", "姜", "崔", "谭", "陆", "范", "汪", "廖", "石", "金", "韦", "贾", "夏", "方", "邹",
    "熊", "白", "孟", "秦", "邱", "侯", "江", "尹", "薛", "段", "雷", "龙", "黎", "史", "陶", "贺", "毛",
    "郝", "顾", "龚", "邵", "万", "钱", "戴", "严", "欧阳", "诸葛", "司马", "上官"};

inline const char* const kGiven[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
    "秀英", "霞", "平", "刚", "桂英", "华", "建国", "建华", "国强", "志强", "玉兰", "海燕", "晓东", "文",
    "斌", "宇", "浩", "婷", "雪", "琳", "鹏", "辉", "俊", "红", "梅", "兰", "飞", "波", "亮", "宁", "欣",
    "怡", "晨", "阳", "蕾", "丹", "鑫", "博", "颖", "倩", "佳", "思远", "雨桐", "子涵", "梓轩", "一诺",
    "浩然", "欣怡", "诗涵", "宇航", "晓明", "春梅", "秋菊", "冬生", "根生", "水英", "金凤", "爱华",
    "德明", "振华", "永福", "长青", "家豪", "美玲", "淑芬", "丽娟", "建军", "卫东"};

inline const char* const kMinority[] = {
    "阿依古丽·买买提", "买买提·吐尔逊", "热依拉·艾力", "古丽娜尔·吐尔洪", "艾尔肯·阿不都",
    "阿不都热合曼·艾买提", "迪丽娜尔·阿不都", "努尔艾力·库尔班", "帕提古丽·热合曼", "伊力哈木·肉孜",
    "巴特尔·朝鲁", "斯琴·格日乐", "扎西·多吉", "卓玛·次仁", "阿卜杜拉·尼亚孜"};

inline const char* const kTrade[] = {"恒达", "宏远", "鑫源", "华泰", "永盛", "瑞丰", "天成", "金诚", "汇通",
                                     "万象", "博远", "嘉禾", "信诚", "和顺", "富春", "东方", "新元", "联创",
                                     "宏图", "安泰", "润发", "百川", "中恒", "广源"};
inline const char* const kIndustry[] = {"建材", "贸易", "科技", "建设工程", "服装", "食品", "物流", "机械",
                                        "电子", "汽车销售", "装饰工程", "农业开发", "餐饮管理", "纺织", "家具"};
inline const char* const kBanks[] = {"中国农业银行股份有限公司", "中国工商银行股份有限公司",
                                     "中国建设银行股份有限公司", "中国银行股份有限公司",
                                     "交通银行股份有限公司", "浙江农村商业银行股份有限公司"};

inline const char* const kTowns[] = {"城东街道", "城西街道", "城南街道", "城北街道", "新城街道", "白云街道",
                                     "石门镇", "高家镇", "湖南镇", "莲花镇", "杜泽镇", "全旺镇", "廿里镇", "云溪乡"};
inline const char* const kVillages[] = {"新村", "民主村", "和平社区", "幸福社区", "东方村", "红旗村",
                                        "团结村", "光明社区", "长林村", "山背村"};
inline const char* const kStreets[] = {"人民", "解放", "中山", "建设", "新华", "文化", "学院", "光明",
                                       "和平", "胜利", "钱塘", "滨江", "府山", "荷花", "信安", "振兴"};

struct SchoolType {
  const char* type;    // 学校类型
  const char* suffix;  // name ending
};
inline const SchoolType kSchoolTypes[] = {{"小学", "小学"},           {"初级中学", "中学"},
                                          {"高级中学", "高级中学"},   {"九年一贯制学校", "学校"},
                                          {"幼儿园", "幼儿园"},       {"中等职业学校", "职业技术学校"}};
inline constexpr int kSchoolTypeCount = sizeof kSchoolTypes / sizeof kSchoolTypes[0];

inline const char* const kBarBrands[] = {"夜色", "蓝调", "微醺", "星空", "老船长", "月光", "隐居", "回声",
                                         "慢摇", "不眠", "鹿角", "浮生", "北纬30度", "半岛", "野火", "故事"};
inline constexpr int kBarBrandCount = sizeof kBarBrands / sizeof kBarBrands[0];
inline const char* const kBarKinds[] = {"酒吧", "清吧", "音乐酒吧", "精酿酒馆", "小酒馆"};

inline const char* const kCauses[] = {"民间借贷纠纷",   "买卖合同纠纷",         "金融借款合同纠纷",
                                      "机动车交通事故责任纠纷", "房屋租赁合同纠纷", "劳务合同纠纷",
                                      "离婚纠纷",       "物业服务合同纠纷",     "追偿权纠纷"};
inline const int kCauseWeights[] = {250, 150, 150, 100, 80, 80, 70, 70, 50};  // per mille

inline const char* const kClosings[] = {"判决", "调解成功", "撤诉", "驳回起诉", "移送管辖", "终结诉讼"};
inline const int kClosingWeights[] = {450, 250, 200, 50, 30, 20};


// ---- models 7-11 (restricted consumption, auctions, judgments, custody) ----

struct Trip {
  const char* type;     // 类型 as the export writes it
  const char* detail;   // 详情 prefix (a number or hotel is appended)
  const char* source;   // 数据来源
  bool forbidden;       // in model 7's default 禁止消费类型 (飞机, 软卧, 星级宾馆)
};
inline const Trip kTrips[] = {
    {"飞机", "MU", "民航", true},          {"飞机", "CA", "民航", true},          {"软卧", "K", "铁路", true},
    {"星级宾馆", "", "公安旅馆业系统", true}, {"高铁二等座", "G", "铁路", false},    {"动车二等座", "D", "铁路", false},
    {"高铁一等座", "G", "铁路", false},      {"硬卧", "K", "铁路", false},          {"硬座", "T", "铁路", false},
    {"普通旅馆", "", "公安旅馆业系统", false}};
inline constexpr int kTripForbidden = 4;  // the first four entries
inline const char* const kCities[] = {"杭州", "北京", "上海", "广州", "深圳", "成都", "衢州", "宁波", "温州", "三亚", "昆明", "西安"};
inline const char* const kHotels[] = {"开元名都大酒店（五星级）", "香格里拉大酒店（五星级）", "世纪金源大饭店（四星级）",
                                      "国际大酒店（四星级）", "君悦酒店（五星级）", "宾馆（三星级）"};
inline const char* const kInns[] = {"如家快捷酒店", "汉庭酒店", "7天连锁酒店", "格林豪泰酒店", "锦江之星", "城市便捷酒店"};

inline const char* const kPlatforms[] = {"淘宝网司法拍卖", "京东拍卖", "人民法院诉讼资产网", "公拍网"};
inline const char* const kMovables[] = {"小型普通客车一辆", "重型自卸货车一辆", "挖掘机一台", "红木家具一批", "库存钢材一批",
                                        "翡翠原石一批", "叉车两台", "注塑机三台"};
inline const char* const kEstates[] = {"住宅", "商铺", "写字楼", "工业厂房及土地使用权", "车位"};

// The nine laws the Civil Code repealed (民法典第一千二百六十条), in model 9's output order,
// each with an article often cited.
struct Law {
  const char* name;
  const char* article;
};
inline const Law kRepealed[] = {{"合同法", "第一百零七条"},    {"物权法", "第三十四条"},   {"担保法", "第十八条"},
                                {"民法通则", "第一百零八条"},  {"民法总则", "第一百四十三条"}, {"婚姻法", "第三十二条"},
                                {"继承法", "第十条"},          {"收养法", "第二十三条"},   {"侵权责任法", "第六条"}};
inline constexpr int kRepealedCount = sizeof kRepealed / sizeof kRepealed[0];
// Laws in force, cited by background judgments after 2021.
inline const Law kInForce[] = {{"民法典", "第六百七十五条"}, {"民法典", "第五百七十七条"}, {"民法典", "第一千一百六十五条"},
                               {"民法典", "第一千零七十九条"}, {"民法典", "第五百零九条"}, {"民事诉讼法", "第六十七条"},
                               {"劳动合同法", "第四十七条"}, {"民事诉讼法", "第一百四十七条"}};

struct Stage {  // model 11's table: limit after n extensions = months + days; -1 = no such extension
  const char* name;
  int months[4], days[4];
  int level;  // 0 police, 1 procuratorate, 2 court
};
inline const Stage kStages[] = {
    {"提请批准逮捕", {0, 0, 0, -1}, {3, 7, 30, -1}, 0},    {"审查批准逮捕", {0, -1, -1, -1}, {7, -1, -1, -1}, 1},
    {"侦查羁押", {2, 3, 5, 7}, {0, 0, 0, 0}, 0},           {"审查起诉", {1, 1, -1, -1}, {0, 15, -1, -1}, 1},
    {"审查起诉（速裁）", {0, 0, -1, -1}, {10, 15, -1, -1}, 1}, {"退回补充侦查", {1, -1, -1, -1}, {0, -1, -1, -1}, 0},
    {"一审", {2, 3, 6, -1}, {0, 0, 0, -1}, 2},              {"一审（简易程序）", {0, 1, -1, -1}, {20, 15, -1, -1}, 2},
    {"一审（速裁程序）", {0, 0, -1, -1}, {10, 15, -1, -1}, 2}, {"二审", {2, 4, -1, -1}, {0, 0, -1, -1}, 2}};
inline constexpr int kStageCount = sizeof kStages / sizeof kStages[0];

}  // namespace clue::gen
