// 异议登记表: the blank form to fill in by hand, or (?proposal=ID) one per objection registered against a proposal of
// the village during its 审核结果公示, filled from the register, with signature lines. A4, readable on a phone,
// without JavaScript. Everyone who may open the village may print it; who objected is withheld from all but the
// township's leaders, inspectors and 镇民政所 (the model decides).
import { json, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { ObjectionSheet } from '~/components/paper/ObjectionSheet'
import { PrintButton, PrintStyle } from '~/components/ReviewFormSheet'
import { format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { exportStrings } from '~/i18n/zh-CN/exports'
import { paper } from '~/i18n/zh-CN/paper'
import { approvalNotice } from '~/i18n/zh-CN/publicNotices'
import { exportContext } from '~/models/exports.server'
import { getObjectionRecord } from '~/models/objectionRecord.server'
import { getDb } from '~/utils/db.server'
import { notFound, requireVillageAccess } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, approvalNotice, exports: exportStrings, paper }

const o = t.paper.objections

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(o.pageTitle, { village: data.record.village.name })} · ${t.app.name}` : t.app.name },
]

// personal data: no cache keeps the page
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const raw = new URL(request.url).searchParams.get('proposal')
  const proposalId = raw === null || raw === '' ? null : Number(raw)
  if (proposalId !== null && (!Number.isInteger(proposalId) || proposalId <= 0)) notFound()
  const result = await getObjectionRecord(getDb(), exportContext(request, user), village, proposalId)
  if (!result.ok) notFound()
  return json({ record: result.record })
}

export default function ObjectionRecordPage() {
  const { record } = useLoaderData<typeof loader>()
  const { proposal, lines } = record
  return (
    <div className="mx-auto max-w-3xl">
      <PrintStyle />
      <div className="no-print mb-3 space-y-3">
        <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <Link to={`/villages/${record.village.id}/exports`}>{t.exports.backToExports}</Link>
          <Link to={`/villages/${record.village.id}/exports/approval-notice`}>{t.approvalNotice.title}</Link>
        </p>
        <h1>{format(o.pageTitle, { village: record.village.name })}</h1>
        <p className="text-sm text-slate-600">{o.intro}</p>
        {record.choices.length ? (
          <Form method="get" className="card flex flex-wrap items-end gap-3">
            <div>
              <label htmlFor="objection-proposal" className="label">
                {o.chooseLabel}
              </label>
              <select id="objection-proposal" name="proposal" className="field" defaultValue={proposal ? String(proposal.id) : ''}>
                <option value="">{o.blankTitle}</option>
                {record.choices.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="btn">
              {o.chooseSubmit}
            </button>
          </Form>
        ) : (
          <p className="text-sm">{o.none}</p>
        )}
        {proposal ? null : <p className="text-sm text-slate-600">{o.blankIntro}</p>}
        {proposal && lines.length === 0 ? <p className="text-sm">{o.noObjection}</p> : null}
        <PrintButton label={t.exports.printButton} hint={t.exports.printHint} />
      </div>
      <div className="space-y-4 print:space-y-0">
        {lines.length ? (
          lines.map((line) => <ObjectionSheet key={line.no} village={record.village} proposal={proposal} line={line} printedOn={record.printedOn} />)
        ) : (
          <ObjectionSheet village={record.village} proposal={proposal} line={null} printedOn={record.printedOn} />
        )}
      </div>
    </div>
  )
}
