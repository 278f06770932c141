// One problem of the register (问题台账): what it is, its measure, responsible person and deadline, its history.
// The village's cadre edits it and moves it on (开始整改, 报送整改情况); inspectors and leaders verify a rectified
// problem (验收销号) or send it back (退回整改), and they alone extend its deadline (批准延期, with a reason; issue 11).
// The village never rewrites a finding it did not make, nor a deadline once set. The problem must belong to the
// village in the URL. Forms are parsed on the server (app/forms/problems.server.ts, ADR 005).
import { type SubmissionResult } from '@conform-to/react'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { EvidencePanel } from '~/components/EvidencePanel'
import { RecordHeading, SavedNotices } from '~/components/RecordPage'
import { ProblemFacts, ProblemHistory } from '~/components/problem/ProblemFacts'
import { EditProblemForm, ExtendDeadlineForm, VerifyProblemForm } from '~/components/problem/ProblemForms'
import { AssignSupervisorForm, SupervisionLine } from '~/components/problem/ProblemSupervision'
import { parseAssignProblemSupervisor } from '~/forms/problemSupervision.server'
import { deadlineInputOf, parseEditProblem, parseExtendDeadline, parseVerifyProblem } from '~/forms/problems.server'
import { beijingTime, format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { village } from '~/i18n/zh-CN/dashboard'
import { problemSupervision } from '~/i18n/zh-CN/problemSupervision'
import { problemCategories, problems } from '~/i18n/zh-CN/problems'
import { auditActionLabel } from '~/i18n/auditText'
import { getCurrentCampaign } from '~/models/campaign.server'
import { evidencePanelData } from '~/models/evidence/panel.server'
import { isUnresolved, latestDeadline, mayAssignProblemSupervisor, mayBeSerious, PROBLEM_LIMITS } from '~/models/problemRules'
import { assignProblemSupervisor, listProblemSupervisors } from '~/models/problemSupervision.server'
import { extendDeadline, updateProblem, verifyProblem, type ProblemWriteResult } from '~/models/problemWrites.server'
import { getProblem } from '~/models/problems.server'
import { clientAddress, type CurrentUser } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireVillageAccess, VILLAGE_RIGHTS, type VillageRight } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'
import { present } from '../../workflows/present'
import type { PROBLEM_STATUSES } from '../../workflows/rules/vocabulary'
import { deadlineNoteQuery, uncoveredYearsOf } from '~/utils/deadlineNotes'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, problemCategories, problemSupervision, problems, village }

type ProblemStatus = (typeof PROBLEM_STATUSES)[number]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(t.problems.detail.title, { village: data.village.name })} · ${t.app.name}` : t.app.name },
]

/** Which right each button needs: the village's own steps, or verification. */
const INTENT_RIGHTS = {
  save: 'work',
  start: 'work',
  markRectified: 'work',
  verify: 'supervise',
  sendBack: 'supervise',
  extend: 'supervise',
  // 专人督办: of the supervising roles, township leaders and inspectors only (mayAssignProblemSupervisor)
  assignSupervisor: 'supervise',
} as const satisfies Record<string, VillageRight>
type Intent = keyof typeof INTENT_RIGHTS
const isIntent = (value: unknown): value is Intent => typeof value === 'string' && Object.hasOwn(INTENT_RIGHTS, value)

/** Someone else's problem id: 403, like someone else's village. An id that does not exist: 404, except to a cadre. */
function refuseProblem(kind: 'notFound' | 'otherVillage', user: CurrentUser): never {
  if (kind === 'otherVillage' || user.role === 'cadre') forbidden()
  notFound()
}

function problemIdOf(raw: string | undefined): number {
  const id = Number(raw)
  if (!Number.isInteger(id) || id <= 0) notFound()
  return id
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const problemId = problemIdOf(params.problemId)
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  const day = today()
  const found = await getProblem(db, { campaignId: campaign.id, villageId: village.id, problemId, today: day })
  if (!found.ok) refuseProblem(found.kind, user)
  const { problem, history, lastSendBackNote } = found.ok ? found.detail : (undefined as never)
  const canAssignSupervisor = mayAssignProblemSupervisor(user.role) && mayBeSerious(problem.source) && isUnresolved(problem.status)
  return json({
    village,
    problem,
    lastSendBackNote,
    history: history.map((h) => ({
      id: h.id,
      at: h.occurredAt,
      actor: h.actorName ?? t.village.systemActor,
      action: actionLabel(h.action),
      changes: describeChanges(h.before, h.after),
      note: typeof h.after?.note === 'string' ? h.after.note : null,
    })),
    canWork: VILLAGE_RIGHTS.work.includes(user.role),
    canSupervise: VILLAGE_RIGHTS.supervise.includes(user.role),
    // 佐证材料 of the rectification: the village's cadre adds them until the problem is verified (销号)
    evidence: await evidencePanelData(db, {
      recordType: 'problemRectification',
      recordId: problem.id,
      villageId: village.id,
      viewer: { userId: user.id, role: user.role, townshipId: user.townshipId },
      mayUpload: VILLAGE_RIGHTS.work.includes(user.role),
    }),
    supervisors: canAssignSupervisor ? await listProblemSupervisors(db, village.townshipId) : null,
    today: day,
    uncoveredYears: uncoveredYearsOf(new URL(request.url)),
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readForm(request)
  const intent = formData.get('intent')
  if (!isIntent(intent)) throw json({ message: 'bad request' }, { status: 400 })
  // one permission check, for the right this button needs (专人督办: a leader or inspector, not a 包村干部)
  const { user, village } = await requireVillageAccess(request, params.villageId, INTENT_RIGHTS[intent])
  if (intent === 'assignSupervisor' && !mayAssignProblemSupervisor(user.role)) forbidden()
  const problemId = problemIdOf(params.problemId)
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  const actor = { userId: user.id, at: now(), ip: clientAddress(request) }
  const scope = { campaignId: campaign.id, villageId: village.id, problemId }

  if (intent === 'extend') {
    const submission = parseExtendDeadline(formData, { today: today() })
    if (submission.status !== 'success') return json({ form: 'extend' as const, result: submission.reply(), conflict: null }, { status: 400 })
    const v = submission.value
    const deadline = present(deadlineInputOf(v), 'a deadline')
    const result = await extendDeadline(db, { ...scope, expectedVersion: v.version, deadline, reason: v.reason, today: today(), actor })
    return answer(result, 'extend', submission, village.id, intent, user, deadline.kind === 'workingDays' ? 'deadlineDays' : 'deadlineOn')
  }
  if (intent === 'assignSupervisor') {
    const submission = parseAssignProblemSupervisor(formData, { today: today() })
    if (submission.status !== 'success') return json({ form: 'supervise' as const, result: submission.reply(), conflict: null }, { status: 400 })
    const v = submission.value
    const deadline = present(deadlineInputOf(v), 'a deadline')
    const result = await assignProblemSupervisor(db, {
      ...scope,
      townshipId: village.townshipId,
      expectedVersion: v.version,
      supervisorUserId: v.supervisorUserId,
      deadline,
      today: today(),
      actor,
    })
    return answer(result, 'supervise', submission, village.id, intent, user, deadline.kind === 'workingDays' ? 'deadlineDays' : 'deadlineOn')
  }
  if (intent === 'verify' || intent === 'sendBack') {
    const submission = parseVerifyProblem(formData)
    if (submission.status !== 'success') return json({ form: 'verify' as const, result: submission.reply(), conflict: null }, { status: 400 })
    const v = submission.value
    const result = await verifyProblem(db, {
      ...scope,
      expectedVersion: v.version,
      decision: v.intent === 'verify' ? 'accept' : 'sendBack',
      note: v.note ?? null,
      actor,
    })
    return answer(result, 'verify', submission, village.id, intent, user)
  }
  const submission = parseEditProblem(formData, { today: today() })
  if (submission.status !== 'success') return json({ form: 'edit' as const, result: submission.reply(), conflict: null }, { status: 400 })
  const v = submission.value
  // both deadline fields empty: keep the deadline (the village never clears one; only an extension moves it)
  const deadline = deadlineInputOf(v) ?? undefined
  const result = await updateProblem(db, {
    ...scope,
    expectedVersion: v.version,
    description: v.description,
    measure: v.measure ?? null,
    responsiblePerson: v.responsiblePerson ?? null,
    deadline,
    status: intent === 'start' ? 'rectifying' : intent === 'markRectified' ? 'rectified' : undefined,
    today: today(),
    actor,
  })
  return answer(result, 'edit', submission, village.id, intent, user, deadline?.kind === 'workingDays' ? 'deadlineDays' : 'deadlineOn')
}

type Submission = { reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]> }

function answer(
  result: ProblemWriteResult,
  form: 'edit' | 'verify' | 'extend' | 'supervise',
  submission: Submission,
  villageId: number,
  intent: Intent,
  user: CurrentUser,
  deadlineField = 'deadlineOn',
) {
  if (result.ok) return redirect(`/villages/${villageId}/problems/${result.id}?done=${intent}${deadlineNoteQuery(result.deadlineNotes)}`)
  switch (result.kind) {
    case 'notFound':
    case 'otherVillage':
      return refuseProblem(result.kind, user)
    case 'invalid': {
      const fieldErrors: Record<string, string[]> = {}
      for (const [field, code] of Object.entries(result.errors)) {
        const max = code === 'deadlineTooFar' ? latestDeadline(today()) : (PROBLEM_LIMITS[field as keyof typeof PROBLEM_LIMITS] ?? '')
        fieldErrors[field === 'deadline' ? deadlineField : field] = [format(t.problems.errors[code], { max, date: result.currentDeadline ?? '' })]
      }
      return json({ form, result: submission.reply({ fieldErrors }), conflict: null }, { status: 422 })
    }
    case 'refused': {
      const message = format(t.problems.errors[result.refusal], { status: t.problems.statuses[result.status] })
      return json({ form, result: submission.reply({ formErrors: [message] }), conflict: null }, { status: 422 })
    }
    case 'conflict': {
      const saves = result.saves.map((s) => ({
        actor: s.actorName ?? t.village.systemActor,
        at: beijingTime(s.occurredAt),
        action: actionLabel(s.action),
        changes: describeChanges(Object.fromEntries(s.changes.map((c) => [c.field, c.before])), Object.fromEntries(s.changes.map((c) => [c.field, c.after]))),
      }))
      return json({ form, result: submission.reply({ formErrors: [t.problems.errors.conflict] }), conflict: { saves } }, { status: 409 })
    }
  }
}

const ACTIONS: Record<string, keyof typeof t.problems.history.actions> = {
  'problem.create': 'create',
  'problem.update': 'update',
  'problem.startRectifying': 'startRectifying',
  'problem.markRectified': 'markRectified',
  'problem.verify': 'verify',
  'problem.sendBack': 'sendBack',
  'problem.extendDeadline': 'extendDeadline',
  'problem.assignSupervisor': 'assignSupervisor',
}

function actionLabel(action: string): string {
  const key = ACTIONS[action]
  return key ? t.problems.history.actions[key] : auditActionLabel(action)
}

const FIELD_LABELS: Record<string, string> = {
  description: t.problems.fields.description,
  measure: t.problems.fields.measure,
  responsible_person: t.problems.fields.responsiblePerson,
  deadline_on: t.problems.fields.deadline,
  status: t.problems.fields.status,
  is_serious: t.problemSupervision.fields.is_serious,
  supervisor: t.problemSupervision.fields.supervisor,
  supervisor_deadline_on: t.problemSupervision.fields.supervisor_deadline_on,
}

function showValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return t.problems.blank
  if (field === 'is_serious') return value === 1 ? t.problemSupervision.yes : t.problems.blank
  if (field === 'status') return t.problems.statuses[value as ProblemStatus] ?? String(value)
  return String(value)
}

/** The changed fields a person recognises, as '整改措施：旧 → 新'; what a new problem was registered with, as '整改措施：新'. */
function describeChanges(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  return Object.keys(after ?? {})
    .filter((field) => field in FIELD_LABELS)
    .filter((field) => before !== null || (after?.[field] ?? '') !== '')
    .map((field) =>
      before === null
        ? format(t.problems.history.value, { field: FIELD_LABELS[field], value: showValue(field, after?.[field]) })
        : format(t.problems.history.change, { field: FIELD_LABELS[field], before: showValue(field, before[field]), after: showValue(field, after?.[field]) }),
    )
}

export default function ProblemPage() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const { village, problem } = data
  const done = searchParams.get('done')
  const doneMessage = done && done in t.problems.detail.done ? t.problems.detail.done[done as keyof typeof t.problems.detail.done] : null
  const editable = data.canWork && isUnresolved(problem.status)

  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <RecordHeading
        kicker={format(t.problems.title, { village: village.name })}
        heading={format(t.problems.detail.heading, { category: t.problemCategories[problem.category], id: problem.id })}
        backTo={`/villages/${village.id}/problems`}
        backLabel={format(t.problems.detail.back, { village: village.name })}
      />
      {doneMessage && !actionData ? <SavedNotices done={doneMessage} uncoveredYears={data.uncoveredYears} /> : null}

      <ProblemFacts problem={problem} lastSendBackNote={data.lastSendBackNote} canSupervise={data.canSupervise} />
      {problem.supervision ? (
        <p>
          <SupervisionLine supervision={problem.supervision} />
        </p>
      ) : null}

      {data.evidence ? <EvidencePanel {...data.evidence} /> : null}

      {editable ? (
        <section className="card space-y-4" aria-labelledby="edit-heading">
          <h2 id="edit-heading">{t.problems.detail.edit}</h2>
          {/* keyed by version: a saved change, or someone else's, starts the form from what is stored now */}
          <EditProblemForm key={problem.version} problem={problem} actionData={actionData} />
        </section>
      ) : null}

      {data.canSupervise && isUnresolved(problem.status) ? (
        <section className="card space-y-4" aria-labelledby="extend-heading">
          <h2 id="extend-heading">{t.problems.detail.extendTitle}</h2>
          <p className="text-sm text-slate-600">{t.problems.detail.extendIntro}</p>
          <ExtendDeadlineForm key={problem.version} problem={problem} actionData={actionData} />
        </section>
      ) : null}

      {data.canSupervise && problem.status === 'rectified' ? (
        <section className="card space-y-4" aria-labelledby="verify-heading">
          <h2 id="verify-heading">{t.problems.detail.verifyTitle}</h2>
          <p className="text-sm text-slate-600">{t.problems.detail.verifyIntro}</p>
          <VerifyProblemForm key={problem.version} problem={problem} actionData={actionData} />
        </section>
      ) : null}

      {data.supervisors ? (
        <section className="card space-y-4" aria-labelledby="supervise-heading">
          <h2 id="supervise-heading">{t.problemSupervision.title}</h2>
          <p className="text-sm text-slate-600">{t.problemSupervision.intro}</p>
          <AssignSupervisorForm key={problem.version} problem={problem} supervisors={data.supervisors} actionData={actionData} />
        </section>
      ) : null}

      <ProblemHistory history={data.history} />
    </div>
  )
}
