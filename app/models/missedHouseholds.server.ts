// Missed families (漏保): a household found eligible and enrolled during the campaign (enrolment newlyEnrolled).
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import type { DB } from '../../db/connection.server'
import { maskIdNumber, parseIdNumber } from '../../workflows/rules/idNumber'
import { filingProblems, normaliseFiling } from '../../workflows/rules/nearRelatives'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import { yuan } from '../utils/format'
import { shanghaiDay } from '../../workflows/rules/dates'
import { proposeEnrolment } from './proposals/create.server'
import { recordAudit } from './audit.server'
import { m, safe, optionalText, yuanProblem, amountIssue } from './householdReviewForm.server'
import { parseYuan } from './households.server'
import { isUniqueViolation } from './householdReview.server'

// ————————————————————————————————————————— missed families (漏保) —————————————————————————————————————————

export interface MissedHouseholdInput {
  headName: string
  idNumber: string
  memberCount: number
  coveredCount: number
  category: string
  monthlyAmountFen: number
  responsibleCadre: string | null
  phone: string | null
  notes: string | null
  /** 近亲属备案 (是否村(居)干部/经办人员近亲属, 相关干部, 备案日期) */
  nearRelative?: { filed: boolean; filedOn: string | null; officialUserId: number | null; officialName: string | null; note: string | null }
}

function idNumberMessage(problem: string): string {
  return (m.idNumber as Record<string, string>)[problem] ?? m.idNumber.length
}

/** `today` (Shanghai's day): the 备案日期 may not be after it. */
export function missedHouseholdSchema(today = '9999-12-31') {
  return z
    .object({
      headName: safe(50, false, m.headNameRequired),
      idNumber: z.string({ error: m.idNumber.empty }).trim().max(40, m.idNumber.length),
      memberCount: z.number({ error: m.memberCount }).int(m.memberCount).min(1, m.memberCount).max(30, m.memberCount),
      coveredCount: z.number({ error: m.coveredCount }).int(m.coveredCount).min(1, m.coveredCount).max(30, m.coveredCount),
      category: safe(50, false, m.categoryRequired),
      monthlyAmount: z.string({ error: m.amountRequired }).trim().max(20, m.amountFormat),
      responsibleCadre: optionalText(50, false),
      phone: z
        .string()
        .trim()
        .max(20, m.phone)
        .regex(/^[0-9+\- ]{7,20}$/, m.phone)
        .optional(),
      notes: optionalText(1000),
      confirmAmount: z.boolean().default(false),
      nearRelativeFiled: z.boolean().default(false),
      nearRelativeOfficialUserId: z.number().int().positive().optional(),
      nearRelativeOfficialName: optionalText(50, false),
      nearRelativeFiledOn: z.string().trim().max(10).optional(),
      nearRelativeNote: optionalText(300, false),
    })
    .superRefine((v, ctx) => {
      const id = parseIdNumber(v.idNumber)
      if (!id.ok) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: idNumberMessage(id.problem) })
      const nr = t.nearRelatives.errors
      for (const p of filingProblems(filingOf(v), today))
        ctx.addIssue({ code: 'custom', path: [p.field === 'filedOn' ? 'nearRelativeFiledOn' : 'nearRelativeOfficialName'], message: nr[p.problem] })
      if (v.coveredCount > v.memberCount) ctx.addIssue({ code: 'custom', path: ['coveredCount'], message: m.coveredMoreThanMembers })
      const amount = parseYuan(v.monthlyAmount)
      if (!amount.ok) ctx.addIssue({ code: 'custom', path: ['monthlyAmount'], message: yuanProblem(amount.problem) })
      else if (amount.fen === 0) ctx.addIssue({ code: 'custom', path: ['monthlyAmount'], message: m.amountPositive })
      else {
        const problem = amountIssue('monthly', amount.fen, { coveredCount: v.coveredCount, confirmed: v.confirmAmount })
        if (problem) ctx.addIssue({ code: 'custom', path: ['monthlyAmount'], message: problem })
      }
    })
    .transform((v): MissedHouseholdInput => ({
      headName: v.headName,
      idNumber: (parseIdNumber(v.idNumber) as { ok: true; value: string }).value,
      memberCount: v.memberCount,
      coveredCount: v.coveredCount,
      category: v.category,
      monthlyAmountFen: (parseYuan(v.monthlyAmount) as { ok: true; fen: number }).fen,
      responsibleCadre: v.responsibleCadre || null,
      phone: v.phone || null,
      notes: v.notes || null,
      nearRelative: { ...normaliseFiling(filingOf(v)), note: v.nearRelativeFiled ? v.nearRelativeNote || null : null },
    }))
}

function filingOf(v: { nearRelativeFiled: boolean; nearRelativeOfficialUserId?: number; nearRelativeOfficialName?: string; nearRelativeFiledOn?: string }) {
  return {
    filed: v.nearRelativeFiled,
    filedOn: v.nearRelativeFiledOn || null,
    officialUserId: v.nearRelativeOfficialUserId ?? null,
    officialName: v.nearRelativeOfficialName || null,
  }
}

/** The posted 漏保 form, parsed on the server (see parseReviewSubmission). */
export function parseMissedHouseholdSubmission(formData: FormData, today?: string) {
  return parseWithZod(formData, { schema: missedHouseholdSchema(today) })
}

export type AddMissedResult =
  | { ok: true; householdId: number }
  | { ok: false; kind: 'invalidIdNumber'; problem: string }
  /** already on this village's roster (the cadre sees their own roster anyway) */
  | { ok: false; kind: 'duplicate' }
  /** enrolled in another village or another township: which, is not said (the attempt is audited) */
  | { ok: false; kind: 'notAddableHere' }
  /** the related official chosen is not a user of the township */
  | { ok: false; kind: 'unknownOfficial' }
  /** no open campaign in the township: the 纳入申请 has nowhere to go */
  | { ok: false; kind: 'noCampaign' }
  /** 近亲属回避: the family is filed as the actor's own near relative; they cannot propose its enrolment */
  | { ok: false; kind: 'recused' }

/**
 * 漏保: 登记漏保对象 → 提出纳入申请. The family is registered `newlyEnrolled` (the village's coverage (自查面) keeps
 * counting the original roster only) with status `applicant`: not paid and not on the standing notice until the
 * county approves the enrol proposal made with it (ADR 010). One transaction with its audit rows.
 */
export async function addMissedHousehold(
  db: DB,
  req: { villageId: number; actor: { id: number }; input: MissedHouseholdInput; at: Date; ip?: string | null },
): Promise<AddMissedResult> {
  const id = parseIdNumber(req.input.idNumber)
  if (!id.ok) return { ok: false, kind: 'invalidIdNumber', problem: id.problem }
  // Whether the number is enrolled in another village of the township or in another township is not said: the
  // form would be an oracle of anyone's enrolment. The refusal is recorded (masked number) for the township office,
  // which resolves a family that moved, and sees anyone trying numbers.
  const duplicate = async (): Promise<AddMissedResult | null> => {
    const existing = await db.selectFrom('households').select('village_id').where('id_number', '=', id.value).executeTakeFirst()
    if (!existing) return null
    if (existing.village_id === req.villageId) return { ok: false, kind: 'duplicate' }
    await recordAudit(db, {
      actorUserId: req.actor.id,
      action: 'household.addMissedRefused',
      entityType: 'household',
      villageId: req.villageId,
      after: { headName: req.input.headName, idNumber: maskIdNumber(id.value) },
      ip: req.ip,
      at: req.at,
    })
    return { ok: false, kind: 'notAddableHere' }
  }
  const found = await duplicate()
  if (found) return found
  const nearRelative = req.input.nearRelative ?? { filed: false, filedOn: null, officialUserId: null, officialName: null, note: null }
  if (nearRelative.filed && nearRelative.officialUserId === req.actor.id) return { ok: false, kind: 'recused' }
  if (nearRelative.officialUserId !== null) {
    const official = await db
      .selectFrom('users')
      .innerJoin('villages', 'villages.township_id', 'users.township_id')
      .select('users.id')
      .where('users.id', '=', nearRelative.officialUserId)
      .where('villages.id', '=', req.villageId)
      .executeTakeFirst()
    if (!official) return { ok: false, kind: 'unknownOfficial' }
  }
  const at = req.at.toISOString()
  const campaign = await db
    .selectFrom('campaigns')
    .innerJoin('villages', 'villages.township_id', 'campaigns.township_id')
    .select(['campaigns.id', 'villages.kind'])
    .where('villages.id', '=', req.villageId)
    .where('campaigns.status', '=', 'open')
    .orderBy('campaigns.id', 'desc')
    .executeTakeFirst()
  if (!campaign) return { ok: false, kind: 'noCampaign' }
  try {
    return await db.transaction().execute(async (tx) => {
      const values = {
        village_id: req.villageId,
        head_name: req.input.headName,
        id_number: id.value,
        member_count: req.input.memberCount,
        covered_count: req.input.coveredCount,
        category: req.input.category,
        monthly_amount_fen: req.input.monthlyAmountFen,
        responsible_cadre: req.input.responsibleCadre,
        phone: req.input.phone,
        notes: req.input.notes,
        key_check_situations: '[]',
        near_relative_filing: nearRelative.filed ? 1 : 0,
        near_relative_filed_on: nearRelative.filed ? nearRelative.filedOn : null,
        near_relative_official_user_id: nearRelative.filed ? nearRelative.officialUserId : null,
        near_relative_official_name: nearRelative.filed ? nearRelative.officialName : null,
        near_relative_note: nearRelative.filed ? nearRelative.note : null,
        enrolment: 'newlyEnrolled' as const,
        status: 'applicant' as const,
        // a 社区's families are measured against the urban standard (城市低保), a village's the rural one
        area: campaign.kind === 'community' ? ('urban' as const) : ('rural' as const),
        updated_at: at,
      }
      const row = await tx.insertInto('households').values(values).returning('id').executeTakeFirstOrThrow()
      // the applicant is member 1 of the family; the others are registered on its 家庭成员 page
      await tx
        .insertInto('household_members')
        .values({ household_id: row.id, position: 1, name: values.head_name, relation: 'head', id_number: values.id_number, covered: 1, updated_at: at })
        .execute()
      await recordAudit(tx, {
        actorUserId: req.actor.id,
        action: 'household.addMissed',
        entityType: 'household',
        entityId: row.id,
        villageId: req.villageId,
        // the audit log is read by more people than the roster: it keeps the masked number too
        after: {
          headName: values.head_name,
          idNumber: maskIdNumber(values.id_number),
          memberCount: values.member_count,
          coveredCount: values.covered_count,
          category: values.category,
          monthlyAmountFen: values.monthly_amount_fen,
          responsibleCadre: values.responsible_cadre,
          enrolment: values.enrolment,
          ...(values.near_relative_filing ? { near_relative_filing: 1, near_relative_filed_on: values.near_relative_filed_on } : {}),
        },
        ip: req.ip,
        at: req.at,
      })
      // 提出纳入申请 with the amount the village proposes: 镇审核, 公示 and 县审批 decide
      await proposeEnrolment(tx, {
        campaignId: campaign.id,
        villageId: req.villageId,
        householdId: row.id,
        amountFen: values.monthly_amount_fen,
        grounds: [format(t.approvals.missed.grounds, { amount: yuan(values.monthly_amount_fen) }), values.notes].filter(Boolean).join('；'),
        actor: req.actor,
        at: req.at,
        today: shanghaiDay(req.at),
        ip: req.ip,
      })
      return { ok: true, householdId: row.id } as const
    })
  } catch (error) {
    // another person enrolled the same number a moment earlier: the unique index has the last word
    if (isUniqueViolation(error)) return (await duplicate()) ?? { ok: false, kind: 'notAddableHere' }
    throw error
  }
}
