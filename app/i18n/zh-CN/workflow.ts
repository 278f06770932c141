// zh-CN: The campaign machine: phases, states, schedule, refusals and event names. Assembled into `zhCN` by ../zh-CN.ts.

export const phases = {
  mobilisation: '动员部署',
  fullInspection: '全面排查',
  supervision: '检查督导',
  summary: '总结整改',
  closed: '已结束',
} as const

export const states = {
  mobilisation: '动员部署中',
  'fullInspection.selfInspecting': '自查自纠中',
  'fullInspection.reportSubmitted': '自查报告已提交',
  'supervision.underSupervision': '督导检查中',
  'supervision.orderedToRectify': '已责令整改',
  'supervision.awaitingVerification': '整改待验收',
  'summary.rectifying': '限时整改中',
  'summary.summaryWritten': '总结已完成',
  closed: '已结束',
} as Record<string, string>

export const schedule = {
  onSchedule: '按期推进',
  behind: '滞后{days}天',
  done: '已完成',
  notStarted: '未开始',
} as const

export const workflowRefusals = {
  notNow: '当前阶段不能进行此操作。',
  checklistIncomplete: '本阶段工作清单还有{open}项未完成。',
  coverageIncomplete: '自查面必须达到100%：已复核{done}户，共{total}户。',
  homeVisitsIncomplete: '入户调查必须达到100%：已入户{done}户，共{total}户。',
  openOrders: '还有{open}项责令整改未验收通过。',
  unansweredOrders: '还有{open}项责令整改未报送整改情况。',
  keyInspectionMissing: '零报告村须经重点督查后才能结束检查督导阶段。',
  openMeasures: '还有{open}项整改措施未完成。',
  reasonRequired: '请填写退回理由。',
} as const

export const workflowEvents = {
  COMPLETE_MOBILISATION: '完成动员部署',
  SUBMIT_SELF_INSPECTION: '提交自查报告',
  START_SUPERVISION: '进入检查督导',
  ORDER_RECTIFICATION: '责令整改',
  ANSWER_RECTIFICATION: '报送整改',
  REJECT_RECTIFICATION: '退回整改',
  ACCEPT_RECTIFICATION: '整改通过',
  COMPLETE_SUPERVISION: '结束检查督导',
  WRITE_SUMMARY: '完成总结',
  CLOSE: '结束活动',
  SEND_BACK: '退回上一阶段',
} as const
