// The campaign's fixed vocabularies, as keys: each declared once here (as const), its type derived from it, and
// db/schema.ts types its columns with these types. Their Chinese labels live in app/i18n (one dictionary).

/** 重点核查情形 (篇一 三(一)1) */
export const KEY_CHECK_SITUATIONS = ['nonFixedIncome', 'ableBodied', 'publicObjection'] as const
export type KeyCheckSituation = (typeof KEY_CHECK_SITUATIONS)[number]

/** 错保 risk signals to check (篇一 三(一)5) */
export const RISK_SIGNALS = ['privateCar', 'businessLicence', 'multipleHomes', 'pension', 'graduatedOrEmployed', 'ableToWork'] as const
export type RiskSignal = (typeof RISK_SIGNALS)[number]

/** 问题类别 */
export const PROBLEM_CATEGORIES = ['favour', 'connection', 'wrongful', 'missed', 'fraud', 'irregular', 'falseNotice', 'paymentMismatch'] as const
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number]

/** 问题来源 */
export const PROBLEM_SOURCES = ['selfInspection', 'publicReport', 'media', 'inspector', 'crossCheck', 'paymentCheck', 'countySample'] as const
export type ProblemSource = (typeof PROBLEM_SOURCES)[number]

/** 问题 status: open 待整改 → rectifying 整改中 → rectified 整改待验收 → verified 已销号 */
export const PROBLEM_STATUSES = ['open', 'rectifying', 'rectified', 'verified'] as const
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number]

/** 复核结论 */
export const REVIEW_OUTCOMES = ['keep', 'adjust', 'exit', 'fraud'] as const
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number]

/** 举报渠道 */
export const COMPLAINT_CHANNELS = ['hotline', 'letter', 'visit', 'online', 'media'] as const
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number]

/** 核实结果: 属实 (a problem is registered or linked), 部分属实, 不属实 (with the reason). */
export const COMPLAINT_RESULTS = ['substantiated', 'partly', 'unsubstantiated'] as const
export type ComplaintResult = (typeof COMPLAINT_RESULTS)[number]

/** 举报 status: open 待核实 → verified 已核实 → closed 已办结. */
export const COMPLAINT_STATUSES = ['open', 'verified', 'closed'] as const
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number]

/** 责令整改 status: open 待报送整改情况 → answered 整改待验收 → accepted 已通过; a rejection sends it back to open. */
export const ORDER_STATUSES = ['open', 'answered', 'accepted'] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]

/** 村 or 社区 */
export const VILLAGE_KINDS = ['village', 'community'] as const
export type VillageKind = (typeof VILLAGE_KINDS)[number]

/** roster: on the roster when the campaign began; newlyEnrolled: 漏保 found and enrolled */
export const ENROLMENTS = ['roster', 'newlyEnrolled'] as const
export type Enrolment = (typeof ENROLMENTS)[number]

/** active: paid; exited: stopped (by an approved proposal, or before); applicant: a 漏保 family whose 纳入申请 is in the
 * chain, not paid yet; notEnrolled: its application refused or withdrawn */
export const HOUSEHOLD_STATUSES = ['active', 'exited', 'applicant', 'notEnrolled'] as const
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number]

/** where a roster import came from: the web page or the command line */
export const IMPORT_SOURCES = ['web', 'cli'] as const
export type ImportSource = (typeof IMPORT_SOURCES)[number]

/** liaison: 包村干部, a township official who works the villages assigned to him (village_liaisons) */
export const ROLES = ['leader', 'cadre', 'inspector', 'county', 'admin', 'liaison'] as const
export type RoleKey = (typeof ROLES)[number]

/** 专项整治 lifecycle: one open campaign per township; a closed one stays readable */
export const CAMPAIGN_STATUSES = ['open', 'closed'] as const
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number]

/** 城市低保 or 农村低保: which standard applies */
export const HOUSEHOLD_AREAS = ['urban', 'rural'] as const
export type HouseholdArea = (typeof HOUSEHOLD_AREAS)[number]

/** 与户主关系 */
export const MEMBER_RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'childInLaw', 'other'] as const
export type MemberRelation = (typeof MEMBER_RELATIONS)[number]

/** 健康状况 */
export const MEMBER_HEALTH = ['healthy', 'chronic', 'seriousIllness'] as const
export type MemberHealth = (typeof MEMBER_HEALTH)[number]

/** 残疾情况 (残疾等级: 一、二级 重度; 三、四级 轻中度) */
export const MEMBER_DISABILITY = ['none', 'mild', 'severe'] as const
export type MemberDisability = (typeof MEMBER_DISABILITY)[number]

/** 劳动(就业)状况 */
export const MEMBER_WORK_STATUSES = ['employed', 'farming', 'ableUnemployed', 'unableToWork', 'student', 'preschool', 'retired', 'other'] as const
export type MemberWorkStatus = (typeof MEMBER_WORK_STATUSES)[number]

/** 分类施保: a per-member monthly addition for members in these situations */
export const SUPPLEMENT_KINDS = ['seriousIllness', 'severeDisability', 'elderly', 'minor'] as const
export type SupplementKind = (typeof SUPPLEMENT_KINDS)[number]

/**
 * 公示 vs 发放: what a month's payment ledger can disagree with. notOnNotice 已发放但未公示, notPaid 已公示但未发放,
 * amountDiffers 发放金额与公示不符, paidAfterExit 退出后仍发放, paidTwice 重复发放, paidDeceased 向已死亡人员发放,
 * unknownPerson 发放对象不在花名册（no household matches: a township-level item).
 */
export const LEDGER_DISCREPANCY_KINDS = ['notOnNotice', 'notPaid', 'amountDiffers', 'paidAfterExit', 'paidTwice', 'paidDeceased', 'unknownPerson'] as const
export type LedgerDiscrepancyKind = (typeof LEDGER_DISCREPANCY_KINDS)[number]

/** 信息核对: the departments whose lists are matched by ID number. */
export const DEPARTMENT_SOURCES = ['vehicles', 'business', 'realEstate', 'payroll', 'deaths', 'housingFund'] as const
export type DepartmentSource = (typeof DEPARTMENT_SOURCES)[number]

/** Why a household is on the county's list: drawn at random (≥30%), 近亲属备案户 or 被举报户 (both 100%). */
export const SAMPLE_REASONS = ['random', 'nearRelative', 'reported'] as const
export type SampleReason = (typeof SAMPLE_REASONS)[number]

/** 县级抽查 finding: 一致 or 不一致 (with reasons). */
export const SAMPLE_FINDINGS = ['consistent', 'inconsistent'] as const
export type SampleFinding = (typeof SAMPLE_FINDINGS)[number]

/** 佐证材料 may be attached to: 整改回复 (an order's answer), 工作清单事项, 入户调查 (a review's home visit), 问题整改 */
export const EVIDENCE_RECORD_TYPES = ['orderAnswer', 'checklistItem', 'homeVisit', 'problemRectification'] as const
export type EvidenceRecordType = (typeof EVIDENCE_RECORD_TYPES)[number]

/** 照片 (downscaled, EXIF stripped) or 扫描件 (PDF) */
export const EVIDENCE_KINDS = ['image', 'pdf'] as const
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number]
