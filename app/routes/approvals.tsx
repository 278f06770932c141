// 审批: the proposals (拟) in the chain for the viewer (ADR 010). The township's users see 待镇审核, 公示中, 待县审批
// and those back at the village, each with its deadline (working days) and overdue mark; the county sees 待县审批 of
// its townships; a cadre sees the village's own. A township leader also sets the campaign's step limits here.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { parseLimitsForm } from '~/forms/proposals.server'
import { format } from '~/i18n'
import { approvals } from '~/i18n/zh-CN/approvals'
import { app, errors } from '~/i18n/zh-CN/common'
import { getCurrentCampaign } from '~/models/campaign.server'
import { getApprovalLimits, saveApprovalLimits } from '~/models/proposals/limits.server'
import { listApprovalQueue, type QueueRow, type QueueScope } from '~/models/proposals/queries.server'
import { clientAddress } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, requireRole } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, approvals, errors }

const a = t.approvals
const q = a.queue

export const meta: MetaFunction = () => [{ title: `${q.title} · ${t.app.name}` }]

async function requireQueue(request: Request) {
  const user = await requireRole(request, ['cadre', 'leader', 'inspector', 'admin', 'county'])
  const scope: QueueScope | null =
    user.role === 'county'
      ? user.countyName
        ? { countyName: user.countyName }
        : null
      : user.role === 'cadre'
        ? user.villageId
          ? { villageId: user.villageId }
          : null
        : user.townshipId
          ? { townshipId: user.townshipId }
          : null
  if (!scope) forbidden()
  return { user, scope }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, scope } = await requireQueue(request)
  const db = getDb()
  const rows = await listApprovalQueue(db, { scope, today: today() })
  const campaign = 'townshipId' in scope && user.role === 'leader' ? await getCurrentCampaign(db, scope.townshipId) : null
  const limits = campaign && campaign.status === 'open' ? await getApprovalLimits(db, campaign.id) : null
  const saved = new URL(request.url).searchParams.get('limitsSaved') === '1'
  return json({ rows, kind: 'countyName' in scope ? ('county' as const) : 'villageId' in scope ? ('village' as const) : ('township' as const), limits, saved })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ['leader'])
  if (!user.townshipId) forbidden()
  const form = parseLimitsForm(await readForm(request))
  if (form === null) return json({ error: t.errors.generic }, { status: 400 })
  if (form === 'invalid') return json({ error: q.limitsInvalid }, { status: 400 })
  const db = getDb()
  const campaign = await getCurrentCampaign(db, user.townshipId)
  if (!campaign || campaign.status !== 'open') return json({ error: q.noCampaign }, { status: 409 })
  const result = await saveApprovalLimits(db, {
    campaignId: campaign.id,
    townshipId: user.townshipId,
    limits: { townshipReview: form.townshipReview, notice: form.notice, countyReview: form.countyReview },
    expectedVersion: form.version,
    actor: user,
    at: now(),
    ip: clientAddress(request),
  })
  if (result.ok) return redirect('/approvals?limitsSaved=1')
  if (result.kind === 'conflict') return json({ error: q.limitsConflict }, { status: 409 })
  return json({ error: result.kind === 'invalid' ? q.limitsInvalid : q.noCampaign }, { status: result.kind === 'invalid' ? 400 : 404 })
}

const TOWNSHIP_GROUPS = ['townshipReview', 'hearing', 'inNotice', 'countyReview', 'village'] as const
const groupOf = (row: QueueRow): (typeof TOWNSHIP_GROUPS)[number] =>
  row.step === 'returned' || row.step === 'furtherChecks' ? 'village' : (row.step as 'townshipReview' | 'hearing' | 'inNotice' | 'countyReview')

function QueueTable({ rows, title }: { rows: QueueRow[]; title: string }) {
  const c = q.columns
  return (
    <section className="card space-y-2" aria-label={title}>
      <h2>
        {title}（{rows.length}）
      </h2>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">{q.empty}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left">
                <th scope="col">{c.household}</th>
                <th scope="col">{c.village}</th>
                <th scope="col">{c.kind}</th>
                <th scope="col">{c.state}</th>
                <th scope="col">{c.due}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className="border-t border-slate-100">
                  <td>
                    <Link to={`/proposals/${r.id}`}>{r.headName}</Link>
                  </td>
                  <td>{r.villageName}</td>
                  <td>{format(a.proposalLabel, { kind: a.kinds[r.kind] })}</td>
                  <td>{a.states[r.state]}</td>
                  <td>
                    {r.deadline ? format(q.dueOn, { date: r.deadline.due }) : q.noDeadline}
                    {r.deadline?.overdue ? <span className="ml-1 rounded bg-red-100 px-1 text-red-800">{q.overdue}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

export default function ApprovalsPage() {
  const { rows, kind, limits, saved } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <h1>{q.title}</h1>
      <p className="text-sm text-slate-600">{q.intro}</p>
      {kind === 'township' ? TOWNSHIP_GROUPS.map((g) => <QueueTable key={g} title={q.townshipGroups[g]} rows={rows.filter((r) => groupOf(r) === g)} />) : null}
      {kind === 'county' ? <QueueTable title={q.countyGroups.countyReview} rows={rows} /> : null}
      {kind === 'village' ? (
        <>
          <QueueTable title={q.villageGroups.open} rows={rows.filter((r) => !r.final)} />
          <QueueTable title={q.villageGroups.done} rows={rows.filter((r) => r.final)} />
        </>
      ) : null}
      {limits ? (
        <section className="card space-y-2" aria-labelledby="limits">
          <h2 id="limits">{q.limitsTitle}</h2>
          <p className="text-sm text-slate-600">{q.limitsIntro}</p>
          {saved ? (
            <p role="status" className="rounded bg-green-50 p-2 text-green-900">
              {q.limitsSaved}
            </p>
          ) : null}
          {actionData?.error ? (
            <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
              {actionData.error}
            </p>
          ) : null}
          <Form method="post" className="grid gap-3 sm:grid-cols-3" key={`limits-${limits.version}`}>
            <input type="hidden" name="intent" value="limits" />
            <input type="hidden" name="version" value={limits.version} />
            {(['townshipReview', 'notice', 'countyReview'] as const).map((key) => (
              <div key={key}>
                <label htmlFor={`limit-${key}`} className="label">
                  {q.limits[key]}
                </label>
                <input id={`limit-${key}`} name={key} type="number" min={1} max={365} inputMode="numeric" defaultValue={limits.limits[key]} className="field" />
              </div>
            ))}
            <div className="sm:col-span-3">
              <button type="submit" className="btn">
                {q.limitsSave}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </div>
  )
}
