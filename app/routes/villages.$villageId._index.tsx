import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { ConflictNotice, shownValue } from '~/components/ConflictNotice'
import { ProgressBar } from '~/components/ProgressBar'
import { ScheduleBadge } from '~/components/ScheduleBadge'
import { VillageWorkList } from '~/components/VillageWorkList'
import { VillageChecklist } from '~/components/VillageChecklist'
import { PhaseProgress } from '~/components/PhaseProgress'
import { beijingTime, format } from '~/i18n'
import { app, errors } from '~/i18n/zh-CN/common'
import { checklist, dashboard, followUps, report, village } from '~/i18n/zh-CN/dashboard'
import { exportStrings } from '~/i18n/zh-CN/exports'
import { villageHistory } from '~/i18n/zh-CN/history'
import { sendBack } from '~/i18n/zh-CN/inspectorDay'
import { rosterImport } from '~/i18n/zh-CN/rosterImport'
import { supervision } from '~/i18n/zh-CN/supervision'
import { phases, states, workflowEvents, workflowRefusals } from '~/i18n/zh-CN/workflow'
import { getVillagePage } from '~/models/village.server'
import { getVillageWorkList } from '~/models/villageWorkList.server'
import { getPhaseProgress } from '~/models/phaseProgress.server'
import { applyVillageEvent } from '~/models/workflow.server'
import { parseVillageAction } from '~/forms/villageActions.server'
import { EVENT_RIGHTS, offeredEvents } from '~/models/workflowEvents'
import { getCurrentCampaign } from '~/models/campaign.server'
import { setChecklistItem } from '~/models/checklist.server'
import { clientAddress } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { approvalRoleOf, forbidden, notFound, requireVillageAccess, VILLAGE_RIGHTS } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'
import { daysBetween } from '../../workflows/rules/dates'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = {
  app,
  checklist,
  dashboard,
  errors,
  exports: exportStrings,
  followUps,
  phases,
  report,
  rosterImport,
  sendBack,
  states,
  supervision,
  village,
  villageHistory,
  workflowEvents,
  workflowRefusals,
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(t.village.title, { village: data.village.name })} · ${t.app.name}` : t.app.name },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const day = today()
  // redacted in the model for this viewer: a cadre gets no report items, only how many reports are being verified
  const page = await getVillagePage(getDb(), village.id, day, user)
  // 待办事项: every open item of the village, its actions following this person's rights (redacted in the model too)
  const approvalRole = approvalRoleOf(user)
  const rights = {
    work: VILLAGE_RIGHTS.work.includes(user.role),
    supervise: VILLAGE_RIGHTS.supervise.includes(user.role),
    township: approvalRole === 'leader' || approvalRole === 'civilAffairs',
  }
  const workList = await getVillageWorkList(getDb(), { villageId: village.id, viewer: { ...user, ...rights }, today: day })
  // the actions this person may take now: the machine's state handles the event and their role holds the right
  const workflow = page.campaign ? page.workflow : null
  const actions = workflow ? offeredEvents(workflow.handled, (right) => VILLAGE_RIGHTS[right].includes(user.role)) : []
  return json({
    ...page,
    workList,
    actions,
    canWork: VILLAGE_RIGHTS.work.includes(user.role),
    role: user.role,
    today: day,
    // the four phases as a progress line, with what the next step waits for (the full diagram: …/workflow)
    phaseProgress: page.campaign ? await getPhaseProgress(getDb(), page.campaign.id, village.id) : null,
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const parsed = parseVillageAction(await readForm(request))
  if (!parsed) return json({ error: t.errors.generic }, { status: 400 })
  const db = getDb()
  if (parsed.kind === 'checklist') {
    const input = parsed
    const { user, village } = await requireVillageAccess(request, params.villageId, 'work')
    const campaign = await getCurrentCampaign(db, village.townshipId)
    if (!campaign) notFound()
    const result = await setChecklistItem(db, {
      campaignId: campaign.id,
      villageId: village.id,
      itemId: input.itemId,
      done: input.intent === 'checklistDone',
      doneOn: input.doneOn || today(),
      note: input.note || null,
      actorUserId: user.id,
      today: today(),
      at: now(),
      ip: clientAddress(request),
      expectedVersion: input.version,
    })
    if (result.ok) return redirect(`/villages/${village.id}?checklist=saved`)
    if (result.kind === 'otherVillage') forbidden()
    if (result.kind === 'conflict') return json({ error: null, checklistConflict: { itemId: result.itemId, changes: result.changes } }, { status: 409 })
    return json(
      { error: t.checklist[result.kind as 'notFound' | 'invalidDate' | 'future' | 'beforeCampaign' | 'ruleItem'] },
      { status: result.kind === 'notFound' ? 404 : 422 },
    )
  }
  const { intent, version, reason } = parsed
  const { user, village } = await requireVillageAccess(request, params.villageId, EVENT_RIGHTS[intent])
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  const result = await applyVillageEvent(db, {
    campaignId: campaign.id,
    villageId: village.id,
    type: intent,
    actorUserId: user.id,
    input: { reason },
    expectedVersion: version,
    at: now(),
    today: today(),
  })
  if (result.ok) return redirect(`/villages/${village.id}?done=${intent}`)
  switch (result.kind) {
    case 'refused':
      return json({ error: format(t.village.refused, { reason: format(t.workflowRefusals[result.refusal.code], result.refusal.params) }) }, { status: 422 })
    case 'conflict':
      return json({ error: t.village.conflict }, { status: 409 })
    case 'outdatedSnapshot':
      return json({ error: format(t.village.outdatedSnapshot, { version: result.storedVersion }) }, { status: 409 })
    default:
      notFound()
  }
}

/** The model left path null where this viewer may not open the follow-up. */
function FollowUpTitle({ item }: { item: { title: string; path: string | null } }) {
  return item.path ? <Link to={item.path}>{item.title}</Link> : <>{item.title}</>
}

export default function VillagePage() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const navigation = useNavigation()
  const { village } = data
  if (!data.campaign || !data.progress) {
    return (
      <div className="card">
        <h1>{village.name}</h1>
        <p className="mt-2">{t.village.noCampaign}</p>
      </div>
    )
  }
  const { progress, checklist, workflow } = data
  const phaseLabel = progress.phase === 'closed' ? t.phases.closed : t.phases[progress.phase]
  const done = searchParams.get('done')
  const eventLabel = (type: string) => (t.workflowEvents as Record<string, string>)[type] ?? type
  return (
    <div className="space-y-4">
      <div>
        <h1>{format(t.village.title, { village: village.name })}</h1>
        {progress.leaderName ? <p className="text-sm text-slate-600">{format(t.village.leader, { name: progress.leaderName })}</p> : null}
      </div>

      <nav aria-label={format(t.village.title, { village: village.name })} className="no-print flex flex-wrap gap-2">
        <Link to={`/villages/${village.id}/households`} className="btn-secondary no-underline">
          {t.report.roster}
        </Link>
        <Link to={`/villages/${village.id}/problems`} className="btn-secondary no-underline">
          {t.report.problemRegister}
        </Link>
        <Link to={`/villages/${village.id}/report`} className="btn-secondary no-underline">
          {t.report.link}
        </Link>
        <Link to={`/villages/${village.id}/visits`} className="btn-secondary no-underline">
          {t.supervision.link}
        </Link>
        <Link to={`/villages/${village.id}/exports`} className="btn-secondary no-underline">
          {t.exports.link}
        </Link>
        <Link to={`/villages/${village.id}/history`} className="btn-secondary no-underline">
          {t.villageHistory.link}
        </Link>
        {data.canWork ? (
          <Link to="/import" className="btn-secondary no-underline">
            {t.rosterImport.link}
          </Link>
        ) : null}
      </nav>

      {searchParams.get('checklist') && !actionData ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {t.checklist.saved}
        </p>
      ) : null}
      {done && !actionData ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {format(t.village.done, { event: eventLabel(done) })}
        </p>
      ) : null}
      {actionData?.error ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {actionData.error}
        </p>
      ) : null}
      {actionData && 'checklistConflict' in actionData && actionData.checklistConflict ? (
        <ConflictNotice
          title={format(t.checklist.conflictTitle, { item: checklist.find((i) => i.id === actionData.checklistConflict.itemId)?.label ?? '' })}
          intro={t.checklist.conflictIntro}
          items={actionData.checklistConflict.changes.map((c) => {
            const labels: Record<string, string> = { done: t.checklist.status, doneOn: t.checklist.doneOn, note: t.checklist.note }
            const shown = (v: unknown) => (c.field === 'done' ? (v ? t.checklist.done : t.checklist.notDone) : shownValue(v))
            return { key: c.field, label: labels[c.field] ?? c.field, theirs: shown(c.theirs), mine: shown(c.mine), by: c.by, at: c.at }
          })}
        />
      ) : null}
      {workflow?.outdatedSnapshot ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {format(t.village.outdatedSnapshot, { version: workflow.outdatedSnapshot })}
        </p>
      ) : null}

      <VillageWorkList list={data.workList} />

      <section className="card space-y-2" aria-labelledby="phase-heading">
        <h2 id="phase-heading">
          {t.village.phase}：{phaseLabel}
        </h2>
        <p>
          {t.village.state}：<strong>{t.states[progress.state] ?? progress.state}</strong> <ScheduleBadge status={progress.schedule} />
        </p>
        {data.window ? <p className="text-sm text-slate-600">{format(t.village.window, { from: data.window.starts_on, to: data.window.ends_on })}</p> : null}
        {data.phaseProgress ? <PhaseProgress progress={data.phaseProgress} detailPath={`/villages/${village.id}/workflow`} /> : null}
        {progress.zeroReport ? <p className="rounded bg-amber-50 p-2 text-sm text-amber-900">{t.village.zeroReport}</p> : null}
        {workflow?.lastSendBackReason ? (
          <p className="text-sm text-slate-700">{format(t.village.sendBackReason, { reason: workflow.lastSendBackReason })}</p>
        ) : null}
      </section>

      <section className="card space-y-3" aria-labelledby="actions-heading">
        <h2 id="actions-heading">{t.village.actions}</h2>
        {data.actions.length === 0 ? <p className="text-sm text-slate-600">{t.village.noActions}</p> : null}
        {data.actions
          .filter((a) => a !== 'SEND_BACK')
          .map((a) => (
            <Form method="post" key={a} className="inline-block mr-2">
              <input type="hidden" name="version" value={workflow?.version ?? 0} />
              <button type="submit" name="intent" value={a} className="btn" disabled={navigation.state === 'submitting'}>
                {eventLabel(a)}
              </button>
            </Form>
          ))}
        {data.actions.includes('SEND_BACK') ? (
          // two steps, with or without JavaScript: the confirmation page asks for the reason (…/send-back)
          <p className="border-t border-slate-100 pt-3">
            <Link to={`/villages/${village.id}/send-back`} className="btn-secondary no-underline">
              {t.sendBack.open}
            </Link>
          </p>
        ) : null}
      </section>

      <section className="card space-y-3" aria-labelledby="coverage-heading">
        <h2 id="coverage-heading">{t.village.coverage}</h2>
        <p className="text-sm text-slate-600">{format(t.village.households, { count: progress.households })}</p>
        <ProgressBar label={t.village.reviewed} done={progress.reviewed} total={progress.households} />
        <ProgressBar label={t.village.homeVisited} done={progress.homeVisited} total={progress.households} />
      </section>

      <VillageChecklist villageId={village.id} phaseLabel={phaseLabel} items={checklist} canWork={data.canWork} today={data.today} />

      <section className="card" aria-labelledby="followups-heading">
        <h2 id="followups-heading">{t.village.problems}</h2>
        <p className="text-sm text-slate-600">{format(t.village.problemsCount, { count: progress.problems, open: progress.unresolvedProblems })}</p>
        {progress.reportsBeingVerified > 0 ? (
          <p className="text-sm text-slate-700">{format(t.followUps.reportsBeingVerified, { count: progress.reportsBeingVerified })}</p>
        ) : null}
        <h3 className="mt-3 font-medium">{t.dashboard.overdue}</h3>
        {data.overdue.length === 0 ? (
          <p className="text-sm text-slate-600">{t.dashboard.overdueNone}</p>
        ) : (
          <ul className="text-sm">
            {data.overdue.map((f) => (
              <li key={`${f.kind}-${f.id}`}>
                <span className="font-medium text-red-700">{format(t.dashboard.daysOverdue, { days: daysBetween(f.deadline, data.today) })}</span>{' '}
                <span className="badge bg-slate-100">{t.followUps[f.kind]}</span> <FollowUpTitle item={f} />
                {f.responsible ? `（${f.responsible}）` : ''}
              </li>
            ))}
          </ul>
        )}
        <h3 className="mt-3 font-medium">{t.dashboard.dueSoon}</h3>
        {data.dueSoon.length === 0 ? (
          <p className="text-sm text-slate-600">{t.dashboard.dueSoonNone}</p>
        ) : (
          <ul className="text-sm">
            {data.dueSoon.map((f) => (
              <li key={`${f.kind}-${f.id}`}>
                <span className="text-amber-700">{format(t.dashboard.dueOn, { date: f.deadline })}</span>{' '}
                <span className="badge bg-slate-100">{t.followUps[f.kind]}</span> <FollowUpTitle item={f} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card overflow-x-auto" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t.village.timeline}</h2>
        <table className="table mt-2">
          <thead>
            <tr>
              <th scope="col">{t.village.timelinePhase}</th>
              <th scope="col">{t.village.planned}</th>
              <th scope="col">{t.village.actual}</th>
            </tr>
          </thead>
          <tbody>
            {data.timeline.map((w) => (
              <tr
                key={w.phase}
                aria-current={w.phase === progress.phase ? 'step' : undefined}
                className={w.phase === progress.phase ? 'bg-blue-50' : undefined}
              >
                <th scope="row" className="whitespace-nowrap">
                  {t.phases[w.phase]}
                </th>
                <td>
                  <span className="whitespace-nowrap">{w.starts_on}</span>{' '}
                  <span className="whitespace-nowrap">{format(t.village.rangeEnd, { to: w.ends_on })}</span>
                </td>
                <td className={`whitespace-nowrap ${w.enteredOn && w.enteredOn > w.ends_on ? 'text-red-700' : ''}`}>{w.enteredOn ?? t.village.notEntered}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading">{t.village.history}</h2>
        {data.history.length === 0 ? (
          <p className="text-sm text-slate-600">{t.village.historyEmpty}</p>
        ) : (
          <ol className="mt-2 space-y-1 text-sm">
            {[...data.history].reverse().map((h) => (
              <li key={h.version}>
                <time dateTime={h.occurredAt} className="text-slate-500">
                  {beijingTime(h.occurredAt)}
                </time>{' '}
                {format(t.village.historyEntry, {
                  actor: h.actorName ?? t.village.systemActor,
                  event: eventLabel(h.eventType),
                  from: t.states[h.fromState] ?? h.fromState,
                  to: t.states[h.toState] ?? h.toState,
                })}
                {typeof h.payload.reason === 'string' ? `：${h.payload.reason}` : ''}
              </li>
            ))}
          </ol>
        )}
      </section>

      <p className="no-print text-sm">
        <Link to="/">{t.errors.backHome}</Link>
      </p>
    </div>
  )
}
