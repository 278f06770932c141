// 审批进度 on the dashboard, its exports and the attention lists (each open proposal's step deadline), and 专人督办
// of serious problems as the lists and the dashboard name it.
export const approvalProgress = {
  title: '审批进度',
  proposed: '待镇审核',
  inNotice: '公示中',
  objections: '异议',
  countyApproved: '已批准',
  returned: '退回',
  overdue: '逾期',
  // the village table's cell, read aloud as one phrase
  cellLabel: '{village}审批进度：待镇审核{proposed}件，公示中{inNotice}件（异议{objections}件），已批准{countyApproved}件，退回{returned}件，逾期{overdue}件',
  none: '无',
  // the township's figures
  totalsHint: '村(居)提出的拟调整、停止、纳入保障，经镇审核、审核结果公示、县审批',
  townshipReviewed: '已通过镇审核',
  // the step deadline an attention list names for an open proposal
  deadline: {
    townshipReview: '镇审核 截止 {date}',
    inNotice: '公示期满 {date}',
    countyReview: '县审批 截止 {date}',
  },
  responsible: {
    township: '镇民政所',
    county: '县民政局',
  },
  // a follow-up's title: the household and what is proposed, then the step's deadline
  item: '{name}（{kind}）· {deadline}',
  csv: {
    proposed: '待镇审核',
    townshipReviewed: '已通过镇审核',
    inNotice: '公示中',
    objections: '待核实异议',
    countyApproved: '县已批准',
    returned: '退回村(居)',
    overdue: '审批逾期',
    seriousSupervised: '专人督办问题',
  },
  seriousSupervised: '专人督办问题',
  // the summary report's figures table (项目, 数量)
  docx: {
    proposed: '拟调整、停止、纳入保障待镇审核（件）',
    inNotice: '审核结果公示中（件）',
    objections: '公示异议待核实（件）',
    countyApproved: '县已批准（件）',
    returned: '退回村(居)（件）',
    overdue: '审批逾期（件）',
    seriousSupervised: '严重问题专人督办（个）',
  },
} as const
