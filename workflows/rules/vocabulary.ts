// The campaign's fixed vocabularies, as keys. Their Chinese labels live in app/i18n (one dictionary).

/** 重点核查情形 (篇一 三(一)1) */
export const KEY_CHECK_SITUATIONS = ['nonFixedIncome', 'ableBodied', 'publicObjection'] as const
export type KeyCheckSituation = (typeof KEY_CHECK_SITUATIONS)[number]

/** 错保 risk signals to check (篇一 三(一)5) */
export const RISK_SIGNALS = ['privateCar', 'businessLicence', 'multipleHomes', 'pension', 'graduatedOrEmployed', 'ableToWork'] as const
export type RiskSignal = (typeof RISK_SIGNALS)[number]

/** 问题类别 */
export const PROBLEM_CATEGORIES = ['favour', 'connection', 'wrongful', 'missed', 'fraud', 'irregular', 'falseNotice'] as const
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number]

/** 问题来源 */
export const PROBLEM_SOURCES = ['selfInspection', 'publicReport', 'media', 'inspector', 'crossCheck'] as const
export type ProblemSource = (typeof PROBLEM_SOURCES)[number]

export const PROBLEM_STATUSES = ['open', 'rectifying', 'rectified', 'verified'] as const

/** 复核结论 */
export const REVIEW_OUTCOMES = ['keep', 'adjust', 'exit', 'fraud'] as const

/** 举报渠道 */
export const COMPLAINT_CHANNELS = ['hotline', 'letter', 'visit', 'online', 'media'] as const

export const ROLES = ['leader', 'cadre', 'inspector', 'county', 'admin'] as const
export type RoleKey = (typeof ROLES)[number]
