// zh-CN: the cadre's day — the village's 待办事项 (app/models/villageWorkList.server.ts), the navigation's count, and the
// roster's work status on each card. Assembled into `zhCN` by ../zh-CN.ts.

export const villageWork = {
  title: '待办事项',
  intro: '交给本村(居)办理、尚未办结的全部事项，每项写明期限和要做的事。',
  villageHeading: '本村(居)需要办理（{count}项）',
  townshipHeading: '等待镇里验收、核实（{count}项）',
  none: '本村(居)目前没有待办事项。',
  townshipNone: '没有等待镇里验收、核实的事项。',
  // the navigation: the word says what the number counts, so it is never told by colour alone
  navBadge: '待办 {count}',
  kinds: {
    order: '责令整改',
    problem: '问题整改',
    returned: '退回村(居)',
    furtherChecks: '补充核查',
    objection: '公示异议',
    report: '群众举报',
  },
  states: {
    orderOpen: '待报送整改情况',
    orderAnswered: '整改待验收',
    problemOpen: '待整改',
    problemRectifying: '整改中',
    problemRectified: '整改待验收',
    returned: '已退回，待修改或撤回',
    furtherChecks: '补充核查中',
    objection: '异议核实中',
    report: '核实中',
  },
  // what the button or link says: what the person does there
  actions: {
    answerOrder: '报送整改情况',
    acceptOrder: '验收整改',
    viewOrder: '查看整改单',
    startProblem: '登记整改情况',
    reportProblem: '报送整改情况',
    verifyProblem: '验收销号',
    viewProblem: '查看问题',
    reviseProposal: '修改或撤回',
    resubmitProposal: '补充核查后重新提交',
    viewProposal: '查看拟办事项',
    verifyObjection: '核实异议',
    verifyReport: '核实举报',
    viewReport: '查看举报',
  },
  // an action's accessible name names its item: "报送整改情况：入户调查走过场…"
  actionFor: '{action}：{item}',
  proposalTitle: '{name}（{kind}）',
  objectionTitle: '{name}（{kind}）第{no}号异议',
  // all a cadre (or anyone without the register) learns of public reports: how many are being verified
  reportsBeingVerified: '有{count}件群众举报正在核实中',
  deadline: '截止 {date}',
  noDeadline: '未定期限',
  dueToday: '今天截止',
  workingDaysLeft: '还剩{days}个工作日',
  overdue: '已逾期{days}天',
  noticeEnds: '公示期满 {date}',
  since: '{date}起',
} as const

/** The roster's cards: where each household stands, and what its action says. */
export const rosterWork = {
  status: {
    unreviewed: '未复核',
    incomplete: '复核未完成',
    awaitingVisit: '待入户',
    reviewed: '已复核',
  },
  statusHint: '先列未复核和复核未完成的户，再列待入户的户，最后是已复核的户。',
  statusFilter: '按复核状态',
  statusAll: '全部（{count}）',
  statusOption: '{status}（{count}）',
  action: {
    review: '填写复核登记',
    visit: '登记入户调查',
    edit: '查看/修改',
    view: '查看复核登记',
  },
  pages: '分页',
  page: '第{page}页，共{pages}页',
  previous: '上一页',
  next: '下一页',
  pageLink: '第{page}页',
} as const
