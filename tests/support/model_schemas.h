// The schemas the front-end and planner tests write their small models against (a 终本 and a
// 民事 export as in models/schemas/court.model, trimmed, and a table of places).
#pragma once

namespace clue::test {

inline constexpr const char* kTestSchemas = R"SCHEMA(
schema 终本案件 {
  案号: case_no
  被执行人身份证号: idcard
  被执行人: text
  是否履行完毕: bool
  终本日期: date
  未履行金额: money from "未履行金额(元)"
}
schema 民事案件 {
  案号: case_no
  原告身份证号: idcard?
  原告: text
  结案方式: text
}
schema 地点 {
  名称: text
  位置: geo from ("经度", "纬度") with datum = "GCJ-02"
}
)SCHEMA";

}  // namespace clue::test
