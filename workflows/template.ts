// The campaign template as data: phases, default windows (offsets from the campaign start) and each phase's
// checklist. 篇一 (社会救助专项整治工作方案) is the default. Labels are the seed's own words.
import { DEFAULT_STEP_LIMITS, type StepLimits } from './approvalSteps'
import type { PhaseId } from './phases'
import type { ChecklistRule } from './rules/checklistRules'

export interface ChecklistTemplateItem {
  key: string
  label: string
  /** the data decides the item (workflows/rules/checklistRules.ts): done when the rule holds, never ticked by hand */
  rule?: ChecklistRule
}

export interface PhaseTemplate {
  id: PhaseId
  label: string
  /** default window as in the seed, e.g. '06-30' */
  seedWindow: { from: string | null; to: string }
  /** the window's length in calendar days when a campaign starts on a chosen date (the seed's windows' lengths) */
  durationDays: number
  checklist: ChecklistTemplateItem[]
}

/** A duty of the township itself (乡镇工作清单), due a number of days after the start of its phase's window. */
export interface TownshipTaskTemplate {
  key: string
  label: string
  phase: PhaseId
  /** due this many calendar days after the phase window starts; 'end': on the last day of the phase's window */
  due: number | 'end'
}

export interface CampaignTemplate {
  key: string
  /** other keys a command line may use for it (e.g. pian1) */
  aliases: string[]
  /** the campaign's name after the township's: 白杨镇 + name */
  name: string
  /** the source plan, as users know it */
  source: string
  phases: PhaseTemplate[]
  townshipTasks: TownshipTaskTemplate[]
  /** the township task that is the summary report's submission to the county */
  summaryTaskKey: string
  /** the approval chain's step limits (镇审核, 公示, 县审批) a campaign's proposals get unless the township sets its own */
  approvalLimits: StepLimits
}

export const pianYiTemplate: CampaignTemplate = {
  key: 'pian-yi',
  aliases: ['pian1', '篇一'],
  name: '“人情保”“错保”专项整治',
  source: '篇一 社会救助“人情保”“错保”专项整治工作方案',
  phases: [
    {
      id: 'mobilisation',
      label: '动员部署',
      seedWindow: { from: null, to: '06-30' },
      // the seed gives only the end (6月30日前); two weeks to mobilise is this template's choice (ADR 009)
      durationDays: 14,
      // 制定专项整治方案 is the township's own duty (townshipTasks), not a village's
      checklist: [
        { key: 'meeting', label: '召开动员部署会议' },
        { key: 'inspectionTeam', label: '组织核查力量' },
        { key: 'policyPublicity', label: '启动低保核查宣传、公开核查政策' },
        { key: 'hotline', label: '公布举报电话' },
      ],
    },
    {
      id: 'fullInspection',
      label: '全面排查',
      seedWindow: { from: '07-01', to: '08-20' },
      durationDays: 51,
      checklist: [
        // the data decides: complete reviews and home visits of the roster (the 自查面 the dashboard shows)
        { key: 'rosterReviewed', label: '低保对象全面复核（核查收入和财产）', rule: { fact: 'reviewCoverage', atLeast: 1 } },
        { key: 'homeVisits', label: '100%入户调查', rule: { fact: 'homeVisitCoverage', atLeast: 1 } },
        // every problem in the register is filed under a category; the 对策 is its measure
        { key: 'problemsClassified', label: '对自查和群众反映的问题分类并拿出对策', rule: { fact: 'problemsWithMeasure', atLeast: 1 } },
        // manual: the data knows the 漏保 families registered, not those still unfound; it records the township's 发布公示
        // of the 审核结果公示, not the village posting both lists (两榜)
        { key: 'missedEnrolled', label: '“漏保”对象及时纳入' },
        { key: 'twoListNotice', label: '两榜公示完成' },
      ],
    },
    {
      id: 'supervision',
      label: '检查督导',
      seedWindow: { from: '08-21', to: '09-10' },
      durationDays: 21,
      checklist: [
        { key: 'workDynamics', label: '掌握本村工作动态并报送' },
        // every rectification order answered (报送整改情况); 工作动态 and 信访 stay the cadre's word (a cadre never sees reports)
        { key: 'ordersAnswered', label: '督查指出问题逐项整改', rule: { fact: 'ordersAnswered', atLeast: 1 } },
        { key: 'petitionsHandled', label: '重大信访事项处置到位' },
      ],
    },
    {
      id: 'summary',
      label: '总结整改',
      seedWindow: { from: '09-11', to: '09-22' },
      durationDays: 12,
      checklist: [
        { key: 'summaryWritten', label: '专项整治工作总结' },
        // every problem with its measure, responsible person and deadline; 限时整改到位 is the CLOSE guard's (openMeasures)
        { key: 'measuresSet', label: '问题逐项制定整改措施、落实责任', rule: { fact: 'problemsWithPlan', atLeast: 1 } },
        { key: 'rectifiedInTime', label: '限时整改到位' },
        // manual: the standing notice is printed here, its posting on the board is not recorded
        { key: 'standingNotice', label: '低保对象长期公示' },
      ],
    },
  ],
  townshipTasks: [
    { key: 'plan', label: '制定专项整治方案', phase: 'mobilisation', due: 6 },
    { key: 'meeting', label: '召开动员部署会', phase: 'mobilisation', due: 9 },
    { key: 'taskForce', label: '成立工作专班', phase: 'mobilisation', due: 9 },
    { key: 'hotline', label: '公布举报电话', phase: 'mobilisation', due: 'end' },
    { key: 'summaryReport', label: '汇总上报总结报告', phase: 'summary', due: 'end' },
  ],
  summaryTaskKey: 'summaryReport',
  approvalLimits: DEFAULT_STEP_LIMITS,
}

/** The rule of a checklist item by its template key (a campaign's own wording keeps the key), or undefined: manual. */
export function checklistRuleOf(templateKey: string, phase: PhaseId, itemKey: string): ChecklistRule | undefined {
  return findTemplate(templateKey)
    ?.phases.find((p) => p.id === phase)
    ?.checklist.find((c) => c.key === itemKey)?.rule
}

export const templates: Record<string, CampaignTemplate> = { [pianYiTemplate.key]: pianYiTemplate }

/** Every template a township may choose, in the order offered. */
export const TEMPLATE_LIST: readonly CampaignTemplate[] = Object.values(templates)

/** A template by its key or one of its aliases (pian1 → pian-yi), or undefined. */
export function findTemplate(key: string): CampaignTemplate | undefined {
  return templates[key] ?? TEMPLATE_LIST.find((t) => t.aliases.includes(key))
}
