// 专人督办 of serious problems (issue 15): the problem page's form, and how the register and the problem say it.
export const problemSupervision = {
  title: '严重问题 · 专人督办',
  intro: '自查或督查发现的严重问题，由镇领导或督查人员列为严重问题，指定专人督办并明确督办期限。',
  serious: '严重问题',
  line: '专人督办：{name}，期限 {date}',
  lineOverdue: '专人督办：{name}，期限 {date}（已逾期）',
  noName: '（督办人账号已停用）',
  supervisor: '督办人',
  chooseSupervisor: '请选择督办人',
  deadlineOn: '督办期限',
  deadlineDays: '或：几个工作日内',
  deadlineHint: '填写日期或工作日天数，二选一；工作日不含周末和法定节假日。',
  submit: '列为严重问题并派专人督办',
  change: '更换督办人或期限',
  notForSource: '该问题不是自查或督查发现的，不适用专人督办。',
  done: '已列为严重问题，派专人督办。',
  // the history's field names
  fields: {
    is_serious: '严重问题',
    supervisor: '督办人',
    supervisor_deadline_on: '督办期限',
  },
  yes: '是',
} as const
