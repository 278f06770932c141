// 佐证材料 on a record's page: the attachments (each opens in the browser; its uploader or a township administrator
// may withdraw it) and, for whoever may add some, the upload form — a plain multipart form with the phone's camera
// offered first (capture), which works without JavaScript. The page passes what its loader got from
// app/models/evidence/*.server.ts; the form posts to /evidence, which returns here.
import { Form, useSearchParams } from '@remix-run/react'
import { beijingTime, format } from '~/i18n'
import { village } from '~/i18n/zh-CN/dashboard'
import { evidence } from '~/i18n/zh-CN/evidence'
import { fileSizeText } from '~/utils/format'
import type { EvidenceRecordType } from '../../workflows/rules/vocabulary'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { evidence, village }

const E = t.evidence

export interface EvidencePanelItem {
  id: number
  kind: 'image' | 'pdf'
  byteSize: number
  width: number | null
  height: number | null
  originalName: string
  caption: string | null
  uploadedAt: string
  uploadedByName: string | null
  mayWithdraw: boolean
}

export interface EvidencePanelProps {
  recordType: EvidenceRecordType
  recordId: number
  items: readonly EvidencePanelItem[]
  /** the viewer may add evidence to this record (the village's cadre) */
  canUpload: boolean
  /** the record is verified: nothing is added any more */
  closed: boolean
  limits: { fileBytes: number; perRecord: number; captionLength: number }
  /** a heading level below the page's own (default h2) */
  headingLevel?: 2 | 3
}

const NOTICES: Record<string, string> = { uploaded: E.uploaded, duplicate: E.duplicate, withdrawn: E.withdrawn }

export function EvidencePanel({ recordType, recordId, items, canUpload, closed, limits, headingLevel = 2 }: EvidencePanelProps) {
  const [searchParams] = useSearchParams()
  const notice = NOTICES[searchParams.get('evidence') ?? ''] ?? null
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  const headingId = `evidence-${recordType}-${recordId}`
  const fileId = `${headingId}-file`
  const captionId = `${headingId}-caption`
  const full = items.length >= limits.perRecord
  return (
    <section id="evidence" className="card space-y-3" aria-labelledby={headingId}>
      <Heading id={headingId}>{items.length ? format(E.titleWithCount, { n: items.length }) : E.title}</Heading>
      {notice ? (
        <p role="status" className="rounded bg-green-50 p-2 text-sm text-green-800">
          {notice}
        </p>
      ) : null}
      {items.length === 0 ? <p className="text-sm text-slate-600">{E.none}</p> : null}
      {items.length ? (
        <ul className="divide-y divide-slate-200">
          {items.map((item) => {
            const name = item.caption || item.originalName
            const size = fileSizeText(item.byteSize)
            const dims = item.width && item.height ? ` · ${format(E.dimensions, { width: item.width, height: item.height })}` : ''
            return (
              <li key={item.id} className="flex flex-wrap items-start justify-between gap-2 py-2">
                <div className="min-w-0 flex-1">
                  <a href={`/evidence/${item.id}`} className="break-words font-medium" aria-label={format(E.openNamed, { name })}>
                    {name}
                  </a>
                  <p className="text-xs text-slate-600">
                    {format(E.facts, { kind: E.kinds[item.kind], size })}
                    {dims}
                  </p>
                  <p className="text-xs text-slate-500">
                    {format(E.uploadedBy, { name: item.uploadedByName ?? t.village.systemActor, time: beijingTime(item.uploadedAt) })}
                  </p>
                </div>
                {item.mayWithdraw ? (
                  <Form method="post" action={`/evidence/${item.id}`} reloadDocument>
                    <button type="submit" name="intent" value="withdraw" className="btn-secondary text-sm" aria-label={format(E.withdrawNamed, { name })}>
                      {E.withdraw}
                    </button>
                  </Form>
                ) : null}
              </li>
            )
          })}
        </ul>
      ) : null}
      {closed ? <p className="text-sm text-slate-600">{E.closed}</p> : null}
      {canUpload && !closed && full ? <p className="text-sm text-amber-900">{format(E.full, { max: limits.perRecord })}</p> : null}
      {canUpload && !closed && !full ? (
        <Form
          method="post"
          action={`/evidence?record=${recordType}&id=${recordId}`}
          encType="multipart/form-data"
          reloadDocument
          className="space-y-3 border-t border-slate-200 pt-3"
        >
          <p className="font-medium">{E.form.heading}</p>
          <p className="text-sm text-slate-600">{E.intro}</p>
          <div>
            <label htmlFor={fileId} className="label">
              {E.form.file}
            </label>
            <input
              id={fileId}
              type="file"
              name="file"
              accept="image/*,application/pdf"
              capture="environment"
              required
              className="field"
              aria-describedby={`${fileId}-hint`}
            />
            <p id={`${fileId}-hint`} className="mt-1 text-xs text-slate-600">
              {format(E.form.fileHint, { size: fileSizeText(limits.fileBytes), max: limits.perRecord })}
            </p>
          </div>
          <div>
            <label htmlFor={captionId} className="label">
              {E.form.caption}
            </label>
            <input id={captionId} type="text" name="caption" maxLength={limits.captionLength} className="field" aria-describedby={`${captionId}-hint`} />
            <p id={`${captionId}-hint`} className="mt-1 text-xs text-slate-600">
              {format(E.form.captionHint, { max: limits.captionLength })}
            </p>
          </div>
          <button type="submit" className="btn w-full sm:w-auto">
            {E.form.submit}
          </button>
        </Form>
      ) : null}
    </section>
  )
}
