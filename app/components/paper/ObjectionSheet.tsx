// One 异议登记表 as an A4 sheet: filled from one registered objection, or blank (line null) to fill in by hand, with
// the signature lines of the registrar, the verifier and the 镇民政所.
import { format } from '~/i18n'
import { households } from '~/i18n/zh-CN/households'
import { paper } from '~/i18n/zh-CN/paper'
import type { ObjectionLine, ObjectionRecord } from '~/models/objectionRecord.server'
import { chineseDate } from '~/utils/format'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { households, paper }

const o = t.paper.objections
const s = t.paper.signatures

const day = (d: string | null | undefined) => (d ? chineseDate(d) : '')

export function ObjectionSheet({
  village,
  proposal,
  line,
  printedOn,
}: {
  village: ObjectionRecord['village']
  proposal: ObjectionRecord['proposal']
  line: ObjectionLine | null
  printedOn: string
}) {
  const objector = !line ? '' : line.objectorShown === 'name' ? line.objector : line.objectorShown === 'anonymous' ? o.anonymous : o.withheld
  const period = proposal?.noticeFrom && proposal.noticeTo ? `${day(proposal.noticeFrom)}至${day(proposal.noticeTo)}` : ''
  return (
    <article className="sheet card bg-white p-3 text-sm sm:p-4" aria-label={line ? `${o.heading} ${o.no}${line.no}` : o.heading}>
      <h2 className="mb-3 text-center text-lg font-bold sm:text-xl">{o.heading}</h2>
      <p className="mb-2 flex flex-wrap justify-between gap-2">
        <span>
          {t.households.print.township}：{village.township}
        </span>
        <span>
          {t.households.print.village}：{village.name}
        </span>
        {line ? (
          <span>
            {o.no}：{line.no}
          </span>
        ) : null}
      </p>
      <table>
        <tbody>
          <tr>
            <th scope="row">{o.household}</th>
            <td>{proposal?.name ?? ''}</td>
            <th scope="row">{o.matter}</th>
            <td>{proposal?.matter ?? ''}</td>
          </tr>
          <tr>
            <th scope="row">{o.noticePeriod}</th>
            <td colSpan={3}>{period}</td>
          </tr>
          <tr>
            <th scope="row">{o.registeredOn}</th>
            <td>{day(line?.registeredOn)}</td>
            <th scope="row">{o.channel}</th>
            <td>{line?.channel ?? ''}</td>
          </tr>
          <tr>
            <th scope="row">{o.objector}</th>
            <td colSpan={3}>{objector}</td>
          </tr>
          <tr>
            <th scope="row">{o.content}</th>
            <td colSpan={3} className="notes h-24 whitespace-pre-wrap">
              {line?.content ?? ''}
            </td>
          </tr>
          <tr>
            <th scope="row">{o.verifier}</th>
            <td>{line?.verifier ?? ''}</td>
            <th scope="row">{o.verifiedOn}</th>
            <td>{day(line?.verifiedOn)}</td>
          </tr>
          <tr>
            <th scope="row">{o.result}</th>
            <td colSpan={3}>{line ? (line.result ?? o.open) : ''}</td>
          </tr>
          <tr>
            <th scope="row">{o.note}</th>
            <td colSpan={3} className="notes h-24 whitespace-pre-wrap">
              {line?.note ?? ''}
            </td>
          </tr>
          {[o.registrar, o.verifierSign, o.townshipSign].map((who) => (
            <tr key={who}>
              <th scope="row">{who}</th>
              <td colSpan={3} className="sign h-16 align-bottom">
                <span className="block pt-8 text-right">{s.blank}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 text-right text-xs text-slate-500">{format(o.printedOn, { date: printedOn })}</p>
    </article>
  )
}
