// zh-CN: the inspector's and 包村干部's day (issue 17): 我的待办, the phase progress line and its 流程详图, the
// two-step 退回上一阶段, and the login page's contact text. Assembled into `zhCN` by ../zh-CN.ts.
import { nav } from './common'

export const workList = {
  title: '我的待办',
  nav: nav.work,
  /** after a nav link's name: the count of items waiting there, for screen readers */
  navCount: nav.workCount,
  introInspector: '全镇需要您办理的事项，逾期的和期限最近的在前。',
  introLiaison: '您包村的村(居)需要您办理的事项，逾期的和期限最近的在前。',
  empty: '当前没有待办事项。',
  total: '共{count}项',
  kinds: {
    answerToVerify: '整改待核验',
    notVisited: '尚未督查',
    keyInspection: '零报告村待重点督查',
    ownFinding: '本人发现的问题未整改',
    reportToVerify: '举报待核实',
  },
  titles: {
    answerToVerify: '{village}第{id}号责令整改已报送整改情况',
    notVisited: '{village}已进入检查督导，尚无督查记录',
    keyInspection: '{village}为零报告村，尚未重点督查',
    ownFinding: '{village}第{id}号问题',
    reportToVerify: '{village}第{id}号举报',
  },
  actions: {
    answerToVerify: '去核验',
    notVisited: '去督查',
    keyInspection: '去重点督查',
    ownFinding: '查看问题',
    reportToVerify: '去核实',
  },
  deadline: '期限：{date}',
  noDeadline: '未设期限',
  overdue: '已逾期{days}天',
  problemStatus: '状态：{status}',
  myVillages: '我的包村',
} as const

export const phaseProgress = {
  title: '工作进度',
  done: '已完成',
  current: '当前阶段',
  todo: '未开始',
  closed: '专项整治已结束。',
  /** what unlocks the next step, in words: the machine's refusal of the forward event */
  next: '下一步：{event}。',
  blocked: '还需：{reason}',
  ready: '条件已满足，可以办理。',
  detailLink: '流程详图',
  detailTitle: '{village}流程详图',
  detailIntro: '专项整治每一步的完整流程，当前所在的一步已标出。',
  back: '返回{village}',
} as const

export const sendBack = {
  /** the village page's link to the confirmation */
  open: '退回上一阶段…',
  title: '退回上一阶段',
  intro: '将{village}从“{from}”退回到“{to}”。退回后，该村(居)须重新办理这一阶段的工作。',
  reasonLabel: '退回理由（必填）',
  reasonHint: '理由将记入流程记录，村(居)干部可以看到。',
  confirm: '确认退回',
  cancel: '不退回，返回村(居)页面',
  notOffered: '该村(居)当前不能退回上一阶段。',
  reasonRequired: '请填写退回理由（至少2个字）。',
} as const

export const loginHelp = {
  /** shown when no administrator has written the text yet */
  fallback: '忘记密码或账号被锁定，请联系本镇(街道)的系统管理员重置密码；镇管理员忘记密码的，请联系县民政局。',
  heading: '忘记密码？',
  adminTitle: '登录页提示',
  adminIntro: '登录页“忘记密码？”下显示的文字：写明忘记密码时联系谁、怎么联系。全县所有乡镇共用。',
  label: '联系方式说明',
  hint: '最多300字。留空则显示默认说明。',
  save: '保存登录页提示',
  saved: '登录页提示已保存。',
  tooLong: '最多300个字。',
  invalid: '内容含有不能保存的字符。',
  conflict: '登录页提示已被他人修改，请查看当前内容后再保存。',
  conflictTitle: '登录页提示已被他人修改',
} as const
