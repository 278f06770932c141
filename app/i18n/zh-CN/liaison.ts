// zh-CN: The 包村干部's own page (我的包村). Assembled into `zhCN` by ../zh-CN.ts.

export const myVillages = {
  title: '我的包村',
  intro: '您负责的村(居)：所处阶段、自查面和未办结事项。点村名进入该村(居)的页面，查看情况、记录督查。',
  campaign: '当前专项整治活动：{name}',
  noCampaign: '本乡镇还没有开始专项整治活动，村(居)的进度在活动开始后显示。',
  empty: '还没有为您分配包村的村(居)，请联系本乡镇管理员。',
  phase: '所处阶段',
  selfInspection: '自查面',
  openFollowUps: '未办结事项',
  overdueFollowUps: '其中逾期',
  count: '{n}项',
  noPhase: '—',
} as const
