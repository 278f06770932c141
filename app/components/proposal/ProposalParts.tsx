// The proposal page's parts (ADR 010): its facts with the current step and deadline, the objections, the forms of
// the events the viewer may send (plain POST, one form per event, each field labelled) and the timeline.
import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'
import { beijingTime, format } from '~/i18n'
import { approvals } from '~/i18n/zh-CN/approvals'
import { supervision } from '~/i18n/zh-CN/supervision'
import type { ProposalPage } from '~/models/proposals/queries.server'
import { yuan, yuanInput } from '~/utils/format'
import { COMPLAINT_CHANNELS } from '../../../workflows/rules/vocabulary'
import { HEARING_FORMS, KINDS_WITH_AMOUNT, OBJECTION_RESULTS, type ApprovalEventType } from '../../../workflows/approvalSteps'
import { SelectField } from '../SelectField'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { approvals, supervision }

const a = t.approvals
const channels = t.supervision.complaints.channels as Record<string, string>

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_1fr] gap-2">
      <dt className="text-slate-600">{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}

export function ProposalFacts({ page }: { page: ProposalPage }) {
  const p = a.page
  const withAmount = KINDS_WITH_AMOUNT.includes(page.kind)
  return (
    <section className="card space-y-2" aria-labelledby="proposal-facts">
      <h2 id="proposal-facts" className="sr-only">
        {p.kind}
      </h2>
      <dl className="space-y-1 text-sm">
        <Row label={p.household}>
          <a href={`/villages/${page.villageId}/households/${page.householdId}`}>{page.headName}</a>（{page.villageName}）
        </Row>
        <Row label={p.kind}>{format(a.proposalLabel, { kind: a.kinds[page.kind] })}</Row>
        <Row label={p.grounds}>{page.grounds}</Row>
        <Row label={p.currentAmount}>{yuan(page.currentAmountFen)}</Row>
        {withAmount && page.proposedAmountFen !== null ? <Row label={p.proposedAmount}>{yuan(page.proposedAmountFen)}</Row> : null}
        {page.proposedExitDate ? <Row label={p.proposedExit}>{page.proposedExitDate}</Row> : null}
        {page.recoveredFen !== null ? <Row label={p.recovered}>{yuan(page.recoveredFen)}</Row> : null}
        {page.fineFen !== null ? <Row label={p.fine}>{yuan(page.fineFen)}</Row> : null}
        <Row label={p.proposedBy}>
          {page.proposedBy ?? '—'}（{page.proposedOn}）
        </Row>
        <Row label={p.state}>
          <strong>{a.states[page.state]}</strong>
          {page.noticeFrom && page.step === 'inNotice' ? (
            <span className="ml-2">{format(p.notice, { from: page.noticeFrom, to: page.noticeTo ?? '' })}</span>
          ) : null}
        </Row>
        {page.deadline ? (
          <Row label={p.due}>
            {format(p.dueLine, { date: page.deadline.due, kind: page.deadline.workingDays ? p.workingDays : p.calendarDays })}
            {page.deadline.overdue ? <span className="ml-2 rounded bg-red-100 px-1 text-red-800">{p.overdue}</span> : null}
          </Row>
        ) : null}
        {page.lastReason && !page.final ? <Row label={a.form.reason}>{page.lastReason}</Row> : null}
        {page.decision ? (
          <Row label={a.steps.countyReview}>
            {format(p.decision, {
              month: page.decision.effectiveMonth,
              what:
                page.decision.amountFen !== null
                  ? format(p.decisionAmount, { amount: yuan(page.decision.amountFen) })
                  : format(p.decisionExit, { date: page.decision.exitDate ?? '' }),
            })}
          </Row>
        ) : null}
        {page.step === 'refused' && page.lastReason ? <Row label={a.form.reason}>{page.lastReason}</Row> : null}
      </dl>
    </section>
  )
}

export function ProposalObjections({ page }: { page: ProposalPage }) {
  const p = a.page
  if (page.objections.length === 0 && page.step !== 'inNotice') return null
  return (
    <section className="card space-y-2" aria-labelledby="objections">
      <h2 id="objections">{p.objections}</h2>
      {page.objections.length === 0 ? <p className="text-sm text-slate-600">{p.noObjections}</p> : null}
      <ul className="space-y-2 text-sm">
        {page.objections.map((o) => (
          <li key={o.no} className="border-l-4 border-slate-200 pl-2">
            <p>{format(p.objectionLine, { no: o.no, date: o.registeredOn, channel: channels[o.channel] ?? o.channel })}</p>
            {o.content !== null ? (
              <p>
                {p.objector}：{o.objector ?? p.anonymous}；{o.content}
              </p>
            ) : null}
            <p>
              {o.result ? format(p.verified, { date: o.verifiedOn ?? '', result: a.objectionResults[o.result as 'substantiated'] }) : p.objectionPending}
              {o.note ? `；${o.note}` : ''}
            </p>
          </li>
        ))}
      </ul>
    </section>
  )
}

/** The month after today's: the usual first month an approval applies to. */
function nextMonth(day: string): string {
  const [y, m] = day.split('-').map(Number)
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

function EventForm({ page, type, children }: { page: ProposalPage; type: ApprovalEventType; children?: ReactNode }) {
  return (
    <Form method="post" className="space-y-2 border-t border-slate-100 pt-3">
      <input type="hidden" name="intent" value={type} />
      <input type="hidden" name="version" value={page.version} />
      {children}
      <button type="submit" className={type === 'REFUSE' || type === 'WITHDRAW' || type === 'RETURN' ? 'btn-secondary' : 'btn'}>
        {a.form.buttons[type]}
      </button>
    </Form>
  )
}

function TextArea({ id, name, label, required }: { id: string; name: string; label: string; required?: boolean }) {
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <textarea id={id} name={name} rows={2} maxLength={500} required={required} className="field" />
    </div>
  )
}

function Fields({ page, type, today }: { page: ProposalPage; type: ApprovalEventType; today: string }) {
  const f = a.form
  switch (type) {
    case 'RETURN':
    case 'REFER_BACK':
    case 'REFUSE':
      return <TextArea id={`reason-${type}`} name="reason" label={f.reason} required />
    case 'ORDER_HEARING':
      return <SelectField id="hearing-form" name="form" label={f.hearingForm} options={HEARING_FORMS.map((h) => ({ value: h, label: a.hearingForms[h] }))} />
    case 'RECORD_HEARING':
      return <TextArea id="hearing-record" name="record" label={f.record} required />
    case 'OBJECTION':
      return (
        <>
          <SelectField id="objection-channel" name="channel" label={f.channel} options={COMPLAINT_CHANNELS.map((c) => ({ value: c, label: channels[c] }))} />
          <div>
            <label htmlFor="objection-objector" className="label">
              {f.objector}
            </label>
            <input id="objection-objector" name="objector" maxLength={100} className="field" autoComplete="off" />
          </div>
          <TextArea id="objection-content" name="content" label={f.content} required />
        </>
      )
    case 'VERIFY_OBJECTION':
      return (
        <>
          <SelectField
            id="verify-no"
            name="no"
            label={f.objectionNo}
            options={page.openObjections.map((no) => ({
              value: no,
              label: format(a.page.openObjectionOption, { no, date: page.objections.find((o) => o.no === no)?.registeredOn ?? '' }),
            }))}
          />
          <SelectField id="verify-result" name="result" label={f.result} options={OBJECTION_RESULTS.map((r) => ({ value: r, label: a.objectionResults[r] }))} />
          <TextArea id="verify-note" name="note" label={f.note} />
        </>
      )
    case 'APPROVE': {
      const withAmount = KINDS_WITH_AMOUNT.includes(page.kind)
      return (
        <>
          <div>
            <label htmlFor="approve-month" className="label">
              {f.effectiveMonth}
            </label>
            <input
              id="approve-month"
              name="effectiveMonth"
              defaultValue={nextMonth(today)}
              maxLength={7}
              className="field"
              aria-describedby="approve-month-hint"
            />
            <p id="approve-month-hint" className="text-xs text-slate-600">
              {f.effectiveMonthHint}
            </p>
          </div>
          {withAmount ? (
            <div>
              <label htmlFor="approve-amount" className="label">
                {f.amount}
              </label>
              <input
                id="approve-amount"
                name="amount"
                inputMode="decimal"
                defaultValue={page.proposedAmountFen !== null ? yuanInput(page.proposedAmountFen) : ''}
                className="field"
              />
            </div>
          ) : (
            <div>
              <label htmlFor="approve-exit" className="label">
                {f.exitDate}
              </label>
              <input id="approve-exit" name="exitDate" type="date" defaultValue={page.proposedExitDate ?? ''} className="field" />
            </div>
          )}
        </>
      )
    }
    default:
      return null
  }
}

export function ProposalActions({ page, today }: { page: ProposalPage; today: string }) {
  const p = a.page
  if (page.final) return null
  // verifying needs an open objection to name
  const offered = page.offered.filter((e) => e !== 'VERIFY_OBJECTION' || page.openObjections.length > 0)
  return (
    <section className="card space-y-3" aria-labelledby="proposal-actions">
      <h2 id="proposal-actions">{p.actions}</h2>
      {page.recused ? <p className="text-sm">{p.recusedNote}</p> : null}
      {offered.length === 0 && !page.recused ? <p className="text-sm text-slate-600">{p.noActions}</p> : null}
      {offered.includes('REVISE') ? <p className="text-sm text-slate-600">{a.form.reviseHint}</p> : null}
      {offered.map((type) => (
        <EventForm key={type} page={page} type={type}>
          <Fields page={page} type={type} today={today} />
        </EventForm>
      ))}
    </section>
  )
}

export function ProposalTimeline({ page }: { page: ProposalPage }) {
  return (
    <section className="card space-y-2" aria-labelledby="timeline">
      <h2 id="timeline">{a.page.timeline}</h2>
      <ol className="space-y-1 text-sm">
        {page.timeline.map((e) => (
          <li key={e.version}>
            <span className="text-slate-600">{beijingTime(e.occurredAt)}</span> {e.actorName ?? '—'}：
            {e.eventType === 'PROPOSE' ? format(a.proposalLabel, { kind: a.kinds[page.kind] }) : (a.events[e.eventType as ApprovalEventType] ?? e.eventType)}
            {' → '}
            {a.states[e.toState as keyof typeof a.states] ?? e.toState}
            {e.reason ? `（${e.reason}）` : ''}
          </li>
        ))}
      </ol>
    </section>
  )
}
