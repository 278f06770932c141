// 县级入户抽查's figures per township and the townships behind, shown on /county/sample and on the county page. The
// figures come from countySampleSummary (the same ones /dashboard.json carries); nothing is computed here.
import { format } from '~/i18n'
import { countySample } from '~/i18n/zh-CN/countySample'
import type { CountySampleSummary } from '~/models/countySample/read.server'
import { ProgressBar } from '~/components/ProgressBar'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { countySample }

const s = t.countySample

type Summary = Pick<CountySampleSummary, 'townships' | 'totals' | 'attention'>

/** "n/m", in green when the list is done. */
function ListProgress({ total, checked, label }: { total: number; checked: number; label: string }) {
  return (
    <span aria-label={`${label} ${checked}/${total}`} className={total > 0 && checked >= total ? 'text-green-800' : undefined}>
      {format(s.progress, { done: checked, total })}
    </span>
  )
}

export function SampleFigures({ summary, headingLevel = 2 }: { summary: Summary; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  return (
    <section aria-labelledby="sample-figures" className="card">
      <Heading id="sample-figures">{s.figures}</Heading>
      <div className="mt-2 overflow-x-auto">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{s.township}</th>
              <th scope="col" className="text-right">
                {s.households}
              </th>
              <th scope="col" className="text-right">
                {s.randomSampled}
              </th>
              <th scope="col" className="text-right">
                {s.sampled}
              </th>
              <th scope="col">{s.checkedShare}</th>
              <th scope="col" className="text-right">
                {s.inconsistent}
              </th>
              <th scope="col" className="text-right">
                {s.nearRelative}
              </th>
              <th scope="col" className="text-right">
                {s.reported}
              </th>
            </tr>
          </thead>
          <tbody>
            {summary.townships.map((tw) => (
              <tr key={tw.townshipId}>
                <th scope="row" className="whitespace-nowrap">
                  <a href={tw.path}>{tw.name}</a>
                  {tw.behind ? <span className="block text-xs font-medium text-red-700">{s.behind}</span> : null}
                </th>
                <td className="text-right">{tw.households}</td>
                <td className="text-right">{tw.randomSampled}</td>
                <td className="text-right">{tw.sampled}</td>
                <td>
                  <ProgressBar label={`${tw.name}${s.checkedShare}`} done={tw.checked} total={tw.sampled} showLabel={false} />
                </td>
                <td className={tw.inconsistent > 0 ? 'text-right font-medium text-red-700' : 'text-right'}>{tw.inconsistent}</td>
                <td className="whitespace-nowrap text-right">
                  <ListProgress label={`${tw.name}${s.nearRelative}`} total={tw.nearRelative.total} checked={tw.nearRelative.checked} />
                </td>
                <td className="whitespace-nowrap text-right">
                  <ListProgress label={`${tw.name}${s.reported}`} total={tw.reported.total} checked={tw.reported.checked} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

/** The townships whose sampling is behind (the county's attention list), each with why. */
export function SampleAttention({ attention }: { attention: Summary['attention'] }) {
  return (
    <section aria-labelledby="sample-attention" className="card">
      <h2 id="sample-attention">{s.attention}</h2>
      {attention.length === 0 ? (
        <p className="mt-1 text-sm text-slate-700">{s.attentionEmpty}</p>
      ) : (
        <ul className="mt-1 list-disc space-y-1 pl-5 text-sm">
          {attention.map((a) => (
            <li key={a.townshipId}>
              <a href={a.path} className="font-medium text-red-800">
                {format(s.attentionItem, {
                  township: a.name,
                  reasons: a.reasons
                    .map((r) =>
                      r === 'pace' ? format(s.behindReasons.pace, { checked: a.checkedPercent, elapsed: a.elapsedPercent }) : s.behindReasons.fullLists,
                    )
                    .join('；'),
                })}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
