// The self-inspection report, print-ready: title, the four written sections (saved, else drafted), the figures and
// the village's signature line. Works without JavaScript (the browser's own 打印); the print is audited.
import { json, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PrintButton } from '~/components/ReviewFormSheet'
import { format } from '~/i18n'
import { selfInspection } from '~/i18n/zh-CN/checklistRules'
import { app } from '~/i18n/zh-CN/common'
import { exportStrings } from '~/i18n/zh-CN/exports'
import { getCurrentCampaign } from '~/models/campaign.server'
import { exportContext } from '~/models/exports.server'
import { printSelfInspectionReport } from '~/models/selfInspectionExport.server'
import { NARRATIVE_SECTIONS } from '~/models/selfInspectionText'
import { chineseDate } from '~/utils/format'
import { getDb } from '~/utils/db.server'
import { notFound, requireVillageAccess } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, exports: exportStrings, selfInspection }

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(t.selfInspection.printTitle, { village: data.village.name })} · ${t.app.name}` : t.app.name },
]

export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  const ctx = exportContext(request, user)
  const print = await printSelfInspectionReport(db, ctx, campaign.id, village)
  return json({ village: { id: village.id, name: village.name }, today: ctx.today, ...print })
}

const PRINT_CSS = `
@page { size: A4 portrait; margin: 25mm 20mm 22mm 22mm; }
@media print {
  html, body { background: #fff !important; font-size: 12pt; }
  main { max-width: none !important; padding: 0 !important; }
  .report-sheet { box-shadow: none !important; border: 0 !important; padding: 0 !important; }
}
.report-sheet p.body { text-indent: 2em; line-height: 1.8; }
.report-sheet table { border-collapse: collapse; width: 100%; }
.report-sheet th, .report-sheet td { border: 1px solid #334155; padding: 3px 8px; }
.report-sheet td { text-align: right; font-variant-numeric: tabular-nums; }
.report-sheet th { text-align: left; font-weight: normal; }
`

export default function SelfInspectionPrintPage() {
  const { village, today, text, figures } = useLoaderData<typeof loader>()
  const s = t.selfInspection
  return (
    <div className="mx-auto max-w-3xl">
      <style>{PRINT_CSS}</style>
      <div className="no-print mb-4 flex flex-wrap items-center gap-3">
        <Link to={`/villages/${village.id}/report`}>{s.printBack}</Link>
        <a href={`/villages/${village.id}/report.docx`} download>
          {s.docx}
        </a>
        <PrintButton label={s.print} hint={t.exports.printHint} />
      </div>
      <article className="report-sheet card space-y-3">
        <h1 className="text-center">{format(s.printTitle, { village: village.name })}</h1>
        {NARRATIVE_SECTIONS.map((section) => (
          <section key={section} aria-labelledby={`print-${section}`}>
            <h2 id={`print-${section}`} className="text-base font-bold">
              {s.sections[section]}
            </h2>
            {text[section]
              .split(/\r?\n/)
              .filter((line) => line.trim())
              .map((line, i) => (
                <p key={i} className="body">
                  {line}
                </p>
              ))}
          </section>
        ))}
        <section aria-labelledby="print-figures">
          <h2 id="print-figures" className="text-base font-bold">
            {s.printFigures}
          </h2>
          <table>
            <tbody>
              {figures.map(([label, value]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <p className="pt-6 text-right">{format(s.signature, { village: village.name })}</p>
        <p className="text-right">{chineseDate(today)}</p>
      </article>
    </div>
  )
}
