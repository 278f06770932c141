// The approval chain's data (ADR 010): kinds of proposal, each step's time limit, who may send which event, and the
// Chinese words for states, events and refusals that the timeline, the diagram and the pages show. The machine that
// moves a proposal is ./approvalMachine.ts; this file holds no logic but mayActorSend.

/** 拟: what a village cadre's review proposes. 继续保障 takes effect at once and never makes a proposal. */
export const PROPOSAL_KINDS = ['adjust', 'stop', 'stopAndRecover', 'enrol'] as const
export type ProposalKind = (typeof PROPOSAL_KINDS)[number]

export const PROPOSAL_KIND_LABELS: Record<ProposalKind, string> = {
  adjust: '调整保障金额（增发、减发）',
  stop: '停止保障',
  stopAndRecover: '停止保障并追回（骗保）',
  enrol: '提出纳入申请',
}

/** Kinds whose approval states a new monthly amount (分); the others state an exit date. */
export const KINDS_WITH_AMOUNT: readonly ProposalKind[] = ['adjust', 'enrol']

/**
 * Each step's time limit: 镇审核 and 县审批 in working days (工作日, ./rules/workingDays), the 公示 period in calendar
 * days. Defaults as the template gives them; a template or a township may override them when a proposal is made
 * (they are copied into the proposal's context, so a later change of the defaults never moves a running deadline).
 */
export interface StepLimits {
  /** 镇审核: working days from the day the township's review began */
  townshipReview: number
  /** 审核结果公示: calendar days, the first day being the day the township accepted */
  notice: number
  /** 县审批: working days from the day the notice ended without an open objection */
  countyReview: number
}

export const DEFAULT_STEP_LIMITS: StepLimits = { townshipReview: 5, notice: 7, countyReview: 10 }

/** The steps (top-level states) of the chain, in the order a proposal normally meets them. */
export const APPROVAL_STEPS = [
  'townshipReview',
  'returned',
  'furtherChecks',
  'hearing',
  'inNotice',
  'countyReview',
  'approved',
  'refused',
  'withdrawn',
] as const
export type ApprovalStep = (typeof APPROVAL_STEPS)[number]

export const APPROVAL_STEP_LABELS: Record<ApprovalStep, string> = {
  townshipReview: '镇审核',
  returned: '退回村(居)',
  furtherChecks: '补充核查',
  hearing: '民主评议/听证',
  inNotice: '审核结果公示',
  countyReview: '县审批',
  approved: '县已批准',
  refused: '县不予批准',
  withdrawn: '村(居)已撤回',
}

/** Every state a proposal can be in (dotted under 镇审核), with the words a timeline shows. */
export const APPROVAL_STATE_LABELS = {
  'townshipReview.proposed': '村(居)已提出，待镇审核',
  'townshipReview.returnedFromNotice': '公示异议属实，待镇重新审核',
  'townshipReview.heard': '评议(听证)已记录，待镇审核',
  returned: '已退回村(居)，待修改或撤回',
  furtherChecks: '补充核查中',
  hearing: '民主评议/听证中',
  inNotice: '审核结果公示中',
  countyReview: '待县审批',
  approved: '县已批准',
  refused: '县不予批准',
  withdrawn: '村(居)已撤回',
} as const
export type ApprovalStateKey = keyof typeof APPROVAL_STATE_LABELS

export const APPROVAL_EVENT_TYPES = [
  'REVISE',
  'WITHDRAW',
  'RESUBMIT',
  'ACCEPT',
  'RETURN',
  'REFER_BACK',
  'ORDER_HEARING',
  'RECORD_HEARING',
  'OBJECTION',
  'VERIFY_OBJECTION',
  'NOTICE_ENDED',
  'APPROVE',
  'REFUSE',
] as const
export type ApprovalEventType = (typeof APPROVAL_EVENT_TYPES)[number]

export const APPROVAL_EVENT_LABELS: Record<ApprovalEventType, string> = {
  REVISE: '修改后重新提出',
  WITHDRAW: '撤回',
  RESUBMIT: '补充核查后重新提交',
  ACCEPT: '审核通过，进入公示',
  RETURN: '退回村(居)',
  REFER_BACK: '要求补充核查',
  ORDER_HEARING: '组织民主评议/听证',
  RECORD_HEARING: '登记评议(听证)记录',
  OBJECTION: '登记异议',
  VERIFY_OBJECTION: '核实异议',
  NOTICE_ENDED: '公示期满，报县审批',
  APPROVE: '批准',
  REFUSE: '不予批准',
}

/** 民主评议 or 听证: the two records a township may order for a contested case. */
export const HEARING_FORMS = ['democraticReview', 'hearing'] as const
export type HearingForm = (typeof HEARING_FORMS)[number]
export const HEARING_FORM_LABELS: Record<HearingForm, string> = { democraticReview: '民主评议', hearing: '听证' }

/** 核实结果 of an objection (异议). */
export const OBJECTION_RESULTS = ['substantiated', 'unsubstantiated'] as const
export type ObjectionResult = (typeof OBJECTION_RESULTS)[number]
export const OBJECTION_RESULT_LABELS: Record<ObjectionResult, string> = { substantiated: '属实', unsubstantiated: '不属实' }

/**
 * Who acts in the chain. cadre, leader and county are the app's roles (./rules/vocabulary ROLES); civilAffairs is a
 * named 镇民政所 user, whom the wiring recognises by a mark on the account (ADR 010), acting for the township as a
 * leader does.
 */
export const APPROVAL_ROLES = ['cadre', 'leader', 'civilAffairs', 'county'] as const
export type ApprovalRole = (typeof APPROVAL_ROLES)[number]

export const APPROVAL_ROLE_LABELS: Record<ApprovalRole, string> = { cadre: '村(居)干部', leader: '镇领导', civilAffairs: '镇民政所', county: '县民政局' }

const TOWNSHIP: readonly ApprovalRole[] = ['leader', 'civilAffairs']

/** Which roles may send each event: the village revises, withdraws and resubmits; the township examines and runs the notice; only the county decides. */
export const EVENT_ROLES: Record<ApprovalEventType, readonly ApprovalRole[]> = {
  REVISE: ['cadre'],
  WITHDRAW: ['cadre'],
  RESUBMIT: ['cadre'],
  ACCEPT: TOWNSHIP,
  RETURN: TOWNSHIP,
  REFER_BACK: TOWNSHIP,
  ORDER_HEARING: TOWNSHIP,
  RECORD_HEARING: TOWNSHIP,
  OBJECTION: TOWNSHIP,
  VERIFY_OBJECTION: TOWNSHIP,
  NOTICE_ENDED: TOWNSHIP,
  APPROVE: ['county'],
  REFUSE: ['county'],
}

/** Whether someone in this role may send this event at all (the machine still decides whether it is accepted now). */
export function mayActorSend(role: string, eventType: ApprovalEventType): boolean {
  return (EVENT_ROLES[eventType] as readonly string[]).includes(role)
}

/** Why the machine refuses an event; the Chinese sentence is in APPROVAL_REFUSAL_TEXT, {placeholders} from params. */
export const APPROVAL_REFUSAL_TEXT = {
  notNow: '此环节不能进行这项操作。',
  badDate: '日期有误：不能早于本环节开始之日（{since}）。',
  reasonRequired: '请填写理由。',
  recordRequired: '请填写评议(听证)记录。',
  outsideNoticePeriod: '只能在公示期内（{from}至{to}）登记异议。',
  objectionNotOpen: '第{no}号异议不是待核实的异议。',
  noticeNotOver: '公示期至{to}，期满后才能报县审批。',
  openObjections: '还有{open}件异议未核实，核实后才能报县审批。',
  effectiveMonthRequired: '请填写执行月份（年-月）。',
  amountRequired: '请填写保障金额（大于0元）。',
  exitDateRequired: '请填写停止保障的日期。',
} as const
export type ApprovalRefusalCode = keyof typeof APPROVAL_REFUSAL_TEXT
