// Schema of the 家庭成员 form (server-side only): one fieldset a member, named members[i].name, members[i].relation,
// members[i].idNumber, members[i].covered, members[i].health, members[i].disability, members[i].workStatus,
// members[i].id (the stored member) and members[i].remove (删除). A blank new row (no name, no ID number) or a ticked
// 删除 is left out. The household's rules (head first, one head, ID check digit, at most 20) are the model's
// (workflows/rules/householdMembers.ts); its problems come back on the same fields (memberFieldErrors).
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import type { MemberInput, MemberView } from '../models/householdMembers.server'
import { MAX_MEMBERS, MEMBER_NAME_MAX, type MemberProblem } from '../../workflows/rules/householdMembers'
import { MEMBER_DISABILITY, MEMBER_HEALTH, MEMBER_RELATIONS, MEMBER_WORK_STATUSES } from '../../workflows/rules/vocabulary'
import { hasControlCharacters } from './fields.server'

const m = t.members
const e = m.errors

/** Rows the form may post: every member plus the blank rows, never more. */
const MAX_FORM_ROWS = MAX_MEMBERS + 2
/** Blank rows offered below the members. */
const BLANK_ROWS = 2

const RowSchema = z.object({
  id: z.number().int().positive().optional(),
  name: z
    .string()
    .max(MEMBER_NAME_MAX, format(e.nameTooLong, { max: MEMBER_NAME_MAX }))
    .refine((v) => !hasControlCharacters(v), t.errors.controlCharacters)
    .optional(),
  relation: z.enum(MEMBER_RELATIONS).optional(),
  idNumber: z
    .string()
    .max(30, format(e.idInvalid, { reason: e.idReasons.length }))
    .optional(),
  covered: z.boolean().default(false),
  health: z.enum(MEMBER_HEALTH).default('healthy'),
  disability: z.enum(MEMBER_DISABILITY).default('none'),
  workStatus: z.enum(MEMBER_WORK_STATUSES).default('other'),
  remove: z.boolean().default(false),
})

type Row = z.infer<typeof RowSchema>
/** A row left empty (a blank row offered for a new member); a stored member's row is never blank: 删除 removes it. */
const isBlank = (row: Row) => row.id === undefined && !row.name && !row.idNumber

const MembersSchema = z
  .object({
    version: z.number({ error: t.errors.generic }).int().min(0),
    members: z.array(RowSchema).max(MAX_FORM_ROWS).default([]),
  })
  .superRefine((v, ctx) => {
    v.members.forEach((row, i) => {
      if (row.remove || isBlank(row)) return
      if (!row.name) ctx.addIssue({ code: 'custom', path: ['members', i, 'name'], message: e.nameMissing })
      if (!row.relation) ctx.addIssue({ code: 'custom', path: ['members', i, 'relation'], message: e.relationMissing })
    })
  })
  .transform((v) => {
    // which posted row each kept member came from, so the model's problems land on the right field
    const rows: number[] = []
    const members: MemberInput[] = []
    v.members.forEach((row, i) => {
      if (row.remove || isBlank(row) || !row.relation) return
      rows.push(i)
      members.push({
        id: row.id ?? null,
        name: row.name ?? '',
        relation: row.relation,
        idNumber: row.idNumber ?? null,
        covered: row.covered,
        health: row.health,
        disability: row.disability,
        workStatus: row.workStatus,
      })
    })
    return { version: v.version, members, rows }
  })

/** The posted member form through conform + zod: the members to save, or the field errors to show. */
export function parseMembersSubmission(formData: FormData) {
  return parseWithZod(formData, { schema: MembersSchema })
}

/** A problem of the model's in words. */
function memberProblemText(problem: MemberProblem, headName: string): string {
  switch (problem.code) {
    case 'idInvalid':
      return format(e.idInvalid, { reason: e.idReasons[problem.idProblem ?? 'characters'] })
    case 'headName':
      return format(e.headName, { name: headName })
    case 'tooMany':
      return format(e.tooMany, { max: MAX_MEMBERS })
    case 'nameTooLong':
      return format(e.nameTooLong, { max: MEMBER_NAME_MAX })
    default:
      return e[problem.code]
  }
}

/** The model's problems as conform's field errors (members[row].field), `rows` mapping a member to its posted row. */
export function memberFieldErrors(problems: MemberProblem[], rows: number[], headName: string): Record<string, string[]> {
  const errors: Record<string, string[]> = {}
  for (const p of problems) {
    const key = p.index === null ? 'members' : `members[${rows[p.index] ?? p.index}].${p.field}`
    ;(errors[key] ??= []).push(memberProblemText(p, headName))
  }
  return errors
}

/**
 * The form's default values: every member, then the blank rows (new members are covered unless unticked). A
 * household without members yet (a 漏保 family just registered) starts with its head filled in as member 1.
 */
export function membersFormDefaults(members: MemberView[], version: number, headName: string) {
  const blanks = Math.max(0, Math.min(BLANK_ROWS, MAX_FORM_ROWS - members.length))
  return {
    version: String(version),
    members: [
      ...members.map((mv) => ({
        id: String(mv.id),
        name: mv.name,
        relation: mv.relation,
        idNumber: '',
        covered: mv.covered ? 'on' : undefined,
        health: mv.health,
        disability: mv.disability,
        workStatus: mv.workStatus,
      })),
      ...Array.from({ length: blanks }, (_, i) => ({
        id: '',
        name: members.length === 0 && i === 0 ? headName : '',
        relation: members.length === 0 && i === 0 ? 'head' : '',
        idNumber: '',
        covered: 'on',
        health: 'healthy',
        disability: 'none',
        workStatus: 'other',
      })),
    ],
  }
}
