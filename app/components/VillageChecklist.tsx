// The village's phase checklist (工作清单). An item the data decides shows its live figure and is ☑ only when its
// rule holds — no tick button; a manual item keeps its date, who, note and the tick/reopen form. Each item links
// to its 佐证材料. Plain forms: works without JavaScript.
import { Form, Link } from '@remix-run/react'
import { format } from '~/i18n'
import { checklistRules } from '~/i18n/zh-CN/checklistRules'
import { checklist, village } from '~/i18n/zh-CN/dashboard'
import type { VillageChecklistItem } from '~/models/villageChecklist.server'
import { percentFloor } from '~/utils/format'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { checklist, checklistRules, village }

type Item = VillageChecklistItem

function RuleFigure({ rule }: { rule: NonNullable<Item['rule']> }) {
  const figure =
    rule.total === 0
      ? t.checklistRules.nothing[rule.fact]
      : format(t.checklistRules.figures[rule.fact], { done: rule.done, total: rule.total, percent: percentFloor(rule.done, rule.total) })
  return (
    <p className="text-sm">
      <span className="font-medium tabular-nums">{figure}</span>{' '}
      <span className={rule.holds ? 'text-green-700' : 'text-amber-800'}>{rule.holds ? t.checklistRules.holds : t.checklistRules.pending}</span>
    </p>
  )
}

function ManualTick({ item, today }: { item: Item; today: string }) {
  if (item.doneOn)
    return (
      <Form method="post" className="mt-1">
        <input type="hidden" name="version" value={item.version} />
        <input type="hidden" name="itemId" value={item.id} />
        <button
          type="submit"
          name="intent"
          value="checklistReopen"
          className="text-sm text-slate-600 underline"
          aria-label={`${t.checklist.reopen}：${item.label}`}
        >
          {t.checklist.reopen}
        </button>
      </Form>
    )
  return (
    <Form method="post" className="mt-1 flex flex-wrap items-end gap-2">
      <input type="hidden" name="version" value={item.version} />
      <input type="hidden" name="itemId" value={item.id} />
      <div>
        <label htmlFor={`done-on-${item.id}`} className="label">
          {t.checklist.doneOn}
        </label>
        <input id={`done-on-${item.id}`} name="doneOn" type="date" defaultValue={today} max={today} className="field" />
      </div>
      <div className="min-w-[10rem] flex-1">
        <label htmlFor={`note-${item.id}`} className="label">
          {t.checklist.note}
        </label>
        <input id={`note-${item.id}`} name="note" type="text" maxLength={300} className="field" />
      </div>
      <button type="submit" name="intent" value="checklistDone" className="btn" aria-label={`${t.checklist.markDone}：${item.label}`}>
        {t.checklist.markDone}
      </button>
    </Form>
  )
}

export function VillageChecklist({
  villageId,
  phaseLabel,
  items,
  canWork,
  today,
}: {
  villageId: number
  phaseLabel: string
  items: Item[]
  canWork: boolean
  today: string
}) {
  return (
    <section className="card" aria-labelledby="checklist-heading">
      <h2 id="checklist-heading">{format(t.village.checklist, { phase: phaseLabel })}</h2>
      <ul className="mt-2 divide-y divide-slate-100">
        {items.map((item) => {
          const done = item.rule ? item.rule.holds : item.doneOn !== null
          return (
            <li key={item.id} className="py-2">
              <div className="flex flex-wrap justify-between gap-2">
                <span>
                  <span aria-hidden="true">{done ? '☑' : '☐'}</span> {item.label}
                  <span className="sr-only">（{done ? t.checklist.done : t.checklist.notDone}）</span>
                </span>
                {item.rule ? null : (
                  <span className={item.doneOn ? 'text-sm text-green-700' : 'text-sm text-slate-500'}>
                    {item.doneOn
                      ? `${format(t.village.checklistDone, { date: item.doneOn })}${item.doneBy ? ` · ${item.doneBy}` : ''}`
                      : t.village.checklistOpen}
                  </span>
                )}
              </div>
              {item.rule ? <RuleFigure rule={item.rule} /> : null}
              {!item.rule && item.note ? <p className="text-xs text-slate-600">{format(t.checklist.itemNote, { note: item.note })}</p> : null}
              <p className="text-sm">
                <Link
                  to={`/villages/${villageId}/checklist/${item.id}`}
                  aria-label={format(t.checklistRules.evidenceLabel, { item: item.label, count: item.evidence })}
                >
                  {format(t.checklistRules.evidence, { count: item.evidence })}
                </Link>
              </p>
              {canWork && !item.rule ? <ManualTick item={item} today={today} /> : null}
            </li>
          )
        })}
      </ul>
    </section>
  )
}
