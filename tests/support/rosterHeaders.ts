// The header row of a township's 低保花名册 as offices lay it out (the sample in tests/fixtures has the same), for the
// tests and the import benchmark that build rosters of their own. Plain data: no test runner, no database.
export const ROSTER_HEADERS = [
  '序号',
  '村(社区)',
  '户主姓名',
  '身份证号码',
  '家庭人口',
  '保障类别',
  '保障人数',
  '月保障金额\n(元)',
  '包户干部',
  '联系电话',
  '重点核查情形',
  '近亲属备案',
  '备注',
]
