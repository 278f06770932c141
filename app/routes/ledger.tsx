// 发放比对 (公示 vs 发放, 篇一 三(一)3): the township's payment ledgers by month and the comparison of the month with
// the roster and the standing notice. The township's leaders, inspectors and administrators see their township; a
// county user opens a township of the county with ?township=ID; a village cadre sees only their village's
// discrepancies (redacted in app/models/paymentLedger/page.server.ts). Leaders, administrators and the 镇民政所 import
// (multipart).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { beijingTime, format, yuan } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { paymentLedger } from '~/i18n/zh-CN/paymentLedger'
import { parseLedgerQuery, parseLedgerUploadFields } from '~/forms/paymentLedger.server'
import { listCountyTownships, loadLedgerPage, type DiscrepancyView, type LedgerComparisonView } from '~/models/paymentLedger/page.server'
import { ledgerImportTownship, uploadLedger } from '~/models/paymentLedger/upload.server'
import { clientAddress } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { readRosterUpload } from '~/utils/forms.server'
import { forbidden, notFound, requireRole, requireTownshipAccess } from '~/utils/permissions.server'
import { MAX_UPLOAD_BYTES } from '~/utils/requestLimits'
import { LEDGER_DISCREPANCY_KINDS } from '../../workflows/rules/vocabulary'
import { FileField } from '~/components/FileField'
import { SelectField } from '~/components/SelectField'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, paymentLedger }

const p = t.paymentLedger

export const meta: MetaFunction = () => [{ title: `${p.title} · ${t.app.name}` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['leader', 'inspector', 'admin', 'county', 'cadre'])
  const query = parseLedgerQuery(new URL(request.url).searchParams)
  if (user.role === 'county' && query.township === null) {
    return json({ kind: 'choose' as const, townships: await listCountyTownships(getDb(), user.countyName ?? '') })
  }
  let townshipId: number
  if (user.role === 'county') townshipId = (await requireTownshipAccess(request, query.township ?? undefined, ['county'])).township.id
  else {
    if (!user.townshipId || (query.township !== null && query.township !== String(user.townshipId))) forbidden()
    townshipId = user.townshipId
  }
  const page = await loadLedgerPage(getDb(), { townshipId, viewer: { role: user.role, villageId: user.villageId }, month: query.month })
  if (!page) notFound()
  const done = new URL(request.url).searchParams.get('done') === '1'
  return json({ kind: 'page' as const, page, canUpload: ledgerImportTownship(user) === townshipId, maxMegabytes: MAX_UPLOAD_BYTES / 1024 / 1024, done })
}

export async function action({ request }: ActionFunctionArgs) {
  // the 镇民政所's accounts are inspectors (users.civil_affairs): the model decides (ledgerImportTownship)
  const user = await requireRole(request, ['leader', 'admin', 'inspector'])
  if (!(request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) return json({ error: p.errors.noFile }, { status: 400 })
  const form = await readRosterUpload(request)
  if (!form.ok) return json({ error: p.errors[form.problem] }, { status: form.problem === 'tooLarge' ? 413 : 400 })
  const fields = parseLedgerUploadFields(form.fields)
  if (!fields.ok) return json({ error: fields.message }, { status: 400 })
  const result = await uploadLedger(getDb(), { user, month: fields.month, file: form.file, today: today(), at: now(), ip: clientAddress(request) })
  if (!result.ok) return result.problem === 'forbidden' ? forbidden() : json({ error: 'text' in result ? result.text : p.errors.noRows }, { status: 422 })
  return redirect(`/ledger?month=${result.month}&done=1`)
}

export default function LedgerPage() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { error?: string } | undefined
  if (data.kind === 'choose') {
    return (
      <div className="mx-auto max-w-4xl space-y-4">
        <h1>{p.title}</h1>
        <p className="text-sm text-slate-700">{p.intro}</p>
        {data.townships.length === 0 ? (
          <p className="text-sm text-slate-600">{p.noTownships}</p>
        ) : (
          <Form method="get" className="card flex flex-wrap items-end gap-2">
            <SelectField id="ledger-township" name="township" label={p.township} options={data.townships.map((tw) => ({ value: tw.id, label: tw.name }))} />
            <button type="submit" className="btn">
              {p.chooseTownship}
            </button>
          </Form>
        )}
      </div>
    )
  }
  const { page, canUpload, maxMegabytes, done } = data
  const townshipQuery = page.cadre ? '' : `township=${page.township.id}&`
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <h1>
        {page.township.name} · {p.title}
      </h1>
      <p className="text-sm text-slate-700">{page.cadre ? p.cadreIntro : p.intro}</p>
      {done ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-900">
          {p.upload.done}
        </p>
      ) : null}
      {canUpload ? <UploadForm error={actionData?.error ?? null} maxMegabytes={maxMegabytes} /> : null}
      <section className="card space-y-2" aria-labelledby="months-heading">
        <h2 id="months-heading">{p.months.heading}</h2>
        {page.months.length === 0 ? (
          <p className="text-sm text-slate-600">{p.months.none}</p>
        ) : (
          <ul className="flex flex-wrap gap-2 text-sm">
            {page.months.map((m) => (
              <li key={m.ledgerId}>
                <a href={`/ledger?${townshipQuery}month=${m.month}`} aria-current={page.current?.month === m.month ? 'page' : undefined}>
                  {m.rows === null || m.totalFen === null ? m.monthText : format(p.months.item, { month: m.monthText, rows: m.rows, total: yuan(m.totalFen) })}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
      {page.current ? <Comparison current={page.current} cadre={page.cadre} exportHref={`/ledger.xlsx?${townshipQuery}month=${page.current.month}`} /> : null}
    </div>
  )
}

function UploadForm({ error, maxMegabytes }: { error: string | null; maxMegabytes: number }) {
  const navigation = useNavigation()
  return (
    <Form method="post" encType="multipart/form-data" className="card space-y-3">
      <h2>{p.upload.heading}</h2>
      {error ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {error}
        </p>
      ) : null}
      <FileField id="ledger-file" label={p.upload.file} hint={format(p.upload.fileHint, { size: maxMegabytes })} />
      <div>
        <label htmlFor="ledger-month" className="label">
          {p.upload.month}
        </label>
        <input
          id="ledger-month"
          name="month"
          type="text"
          inputMode="numeric"
          placeholder="2026-11"
          aria-describedby="ledger-month-hint"
          className="field max-w-xs"
        />
        <p id="ledger-month-hint" className="mt-1 text-xs text-slate-500">
          {p.upload.monthHint}
        </p>
      </div>
      <button type="submit" className="btn" disabled={navigation.state === 'submitting'}>
        {p.upload.submit}
      </button>
    </Form>
  )
}

function Comparison({ current, cadre, exportHref }: { current: LedgerComparisonView; cadre: boolean; exportHref: string }) {
  const c = p.comparison
  const kinds = LEDGER_DISCREPANCY_KINDS.filter((k) => !cadre || k !== 'unknownPerson')
  const total = kinds.reduce((sum, k) => sum + current.counts[k], 0)
  return (
    <section className="space-y-3" aria-labelledby="comparison-heading">
      <h2 id="comparison-heading">{format(c.heading, { month: current.monthText })}</h2>
      {cadre ? null : (
        <p className="text-sm text-slate-600">
          {format(c.file, { file: current.fileName, importedBy: current.importedBy, importedAt: beijingTime(current.importedAt) })} ·{' '}
          <a href={exportHref}>{p.exportLink}</a>
        </p>
      )}
      {current.totals ? (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">{format(c.heading, { month: current.monthText })}</caption>
            <thead>
              <tr className="text-left">
                <th scope="col">{c.figure}</th>
                <th scope="col">{c.onNotice}</th>
                <th scope="col">{c.paid}</th>
              </tr>
            </thead>
            <tbody>
              <tr className="border-t border-slate-200">
                <th scope="row">{c.people}</th>
                <td>{format(c.noticePeople, { n: current.totals.noticeHouseholds })}</td>
                <td>{format(c.paidPeople, { rows: current.totals.paidRows, households: current.totals.paidHouseholds })}</td>
              </tr>
              <tr className="border-t border-slate-200">
                <th scope="row">{c.amount}</th>
                <td>{yuan(current.totals.noticeFen)}</td>
                <td>{yuan(current.totals.paidFen)}</td>
              </tr>
            </tbody>
          </table>
        </div>
      ) : null}
      {current.otherMonthRows > 0 ? <p className="text-sm text-slate-600">{format(c.otherMonthRows, { n: current.otherMonthRows })}</p> : null}
      {total === 0 ? (
        <p className="text-sm text-green-900">{cadre ? p.list.noneForVillage : c.none}</p>
      ) : (
        <table className="text-sm">
          <caption className="text-left font-semibold">{c.kinds}</caption>
          <thead>
            <tr className="text-left">
              <th scope="col">{c.kind}</th>
              <th scope="col">{c.count}</th>
            </tr>
          </thead>
          <tbody>
            {kinds.map((k) => (
              <tr key={k} className="border-t border-slate-200">
                <th scope="row" className="pr-4 font-normal">
                  {p.kinds[k]}
                </th>
                <td>{current.counts[k]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {current.discrepancies.length ? <DiscrepancyTable heading={p.list.heading} rows={current.discrepancies} withProblem /> : null}
      {current.townshipItems.length ? <DiscrepancyTable heading={p.list.township} rows={current.townshipItems} withProblem={false} /> : null}
    </section>
  )
}

function DiscrepancyTable({ heading, rows, withProblem }: { heading: string; rows: DiscrepancyView[]; withProblem: boolean }) {
  const l = p.list
  return (
    <div className="overflow-x-auto">
      {/* one line per discrepancy; on a phone the table scrolls sideways inside its box, the page does not */}
      <table className="w-full whitespace-nowrap text-sm">
        <caption className="text-left font-semibold">{heading}</caption>
        <thead>
          <tr className="text-left">
            <th scope="col">{l.kind}</th>
            {withProblem ? <th scope="col">{l.village}</th> : null}
            <th scope="col">{l.name}</th>
            <th scope="col">{l.idNumber}</th>
            <th scope="col">{l.expected}</th>
            <th scope="col">{l.paid}</th>
            <th scope="col">{l.detail}</th>
            {withProblem ? <th scope="col">{l.problem}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id} className="border-t border-slate-200">
              <td>{p.kinds[d.kind]}</td>
              {withProblem ? <td>{d.villageName ?? '—'}</td> : null}
              <td>
                {withProblem && d.villageId && d.householdId ? <Link to={`/villages/${d.villageId}/households/${d.householdId}`}>{d.name}</Link> : d.name}
              </td>
              <td className="font-mono">{d.maskedIdNumber ?? '—'}</td>
              <td>{d.expectedFen === null ? '—' : yuan(d.expectedFen)}</td>
              <td>{d.paidFen === null ? '—' : yuan(d.paidFen)}</td>
              <td>{[d.sheetRow ? format(l.row, { row: d.sheetRow }) : null, d.detail].filter(Boolean).join('；') || '—'}</td>
              {withProblem ? (
                <td>{d.problemId && d.villageId ? <Link to={`/villages/${d.villageId}/problems/${d.problemId}`}>{l.openProblem}</Link> : l.noProblem}</td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
