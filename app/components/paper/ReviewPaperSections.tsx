// The parts of the printed 复核认定情况登记表 beyond the review's fields: 家庭成员, 家庭经济状况核查, the village's
// conclusion in the plan's words, and the signature lines (复核人, 村(居)委会, 镇审核, 县审批) filled where the review
// and the proposal's events have a name and a day, blank lines otherwise.
import { MemberTable } from '~/components/household/MemberTable'
import { format } from '~/i18n'
import { members } from '~/i18n/zh-CN/members'
import { paper } from '~/i18n/zh-CN/paper'
import type { ReviewPaper } from '~/models/reviewPaper.server'
import { chineseDate, yuanDigits } from '~/utils/format'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { members, paper }

const p = t.paper
const SIGNATURE_LABELS = { reviewer: p.signatures.reviewer, committee: p.signatures.committee, township: p.signatures.township, county: p.signatures.county }

function Heading({ children }: { children: string }) {
  return <h3 className="mb-1 mt-3 text-base font-semibold">{children}</h3>
}

export function ReviewPaperSections({ paper, headName }: { paper: ReviewPaper; headName: string }) {
  const { economic, conclusion } = paper
  return (
    <>
      <section>
        <Heading>{p.members.title}</Heading>
        <MemberTable members={paper.members} caption={format(t.members.caption, { name: headName })} className="members-box overflow-x-auto" />
      </section>

      <section>
        <Heading>{p.economic.title}</Heading>
        {economic ? (
          <table className="economic">
            <thead>
              <tr>
                <th scope="col">{p.economic.kind}</th>
                <th scope="col">{p.economic.amount}</th>
                <th scope="col">{p.economic.source}</th>
              </tr>
            </thead>
            <tbody>
              {economic.incomes.map((i) => (
                <tr key={i.kind}>
                  <th scope="row">{i.kind}</th>
                  <td className="tabular-nums">{yuanDigits(i.amountFen)}</td>
                  <td>{i.source ?? ''}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{p.economic.total}</th>
                <td className="tabular-nums" colSpan={2}>
                  {yuanDigits(economic.totalFen)}
                </td>
              </tr>
              <tr>
                <th scope="row">{p.economic.perCapita}</th>
                <td colSpan={2}>{format(p.economic.perCapitaValue, { amount: yuanDigits(economic.perCapitaFen), members: economic.members })}</td>
              </tr>
              <tr>
                <th scope="row">{p.economic.property}</th>
                <td colSpan={2}>{economic.property.length ? economic.property.join('；') : p.economic.propertyNone}</td>
              </tr>
            </tbody>
          </table>
        ) : (
          <p>{p.economic.notDone}</p>
        )}
      </section>

      <section>
        <Heading>{p.conclusion.title}</Heading>
        <table>
          <tbody>
            <tr>
              <th scope="row">{p.conclusion.title}</th>
              <td>
                {conclusion.text ?? p.conclusion.none}
                {conclusion.detail ? `，${conclusion.detail}` : ''}
                {conclusion.state ? <span className="block text-xs">{conclusion.state}</span> : null}
              </td>
            </tr>
            {conclusion.grounds ? (
              <tr>
                <th scope="row">{p.conclusion.grounds}</th>
                <td className="whitespace-pre-wrap">{conclusion.grounds}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </section>

      <section>
        <Heading>{p.signatures.title}</Heading>
        <table>
          <tbody>
            {paper.signatures.map((s) => (
              <tr key={s.role}>
                <th scope="row">{SIGNATURE_LABELS[s.role]}</th>
                <td className="sign h-16 align-bottom">
                  {s.opinion ? <span className="block">{s.opinion}</span> : null}
                  <span className="block pt-6 text-right">
                    {s.name || s.day ? format(p.signatures.signed, { name: s.name ?? '', date: s.day ? chineseDate(s.day) : '' }) : p.signatures.blank}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  )
}
