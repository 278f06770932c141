// 导入低保花名册: upload a roster (.xlsx, .xls, .et, .ods, HTML saved as .xls, .csv), check how its columns were understood (a select per column, a plain
// GET form), see what would be added, updated and rejected, then confirm. Works without JavaScript; fits a phone.
// Administrators and leaders import for their township, a village cadre for their own village (app/models/rosterImport.server.ts).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { rosterImport } from '~/i18n/zh-CN/rosterImport'
import { confirmRosterUpload, loadImportPage, type ImportPage, type PreviewRowView } from '~/models/rosterImport.server'
import { parseConfirmForm, saveRosterUpload } from '~/models/rosterImport/upload.server'
import { readProblemText } from '~/models/rosterImport/preview.server'
import { clientAddress } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, requireRole } from '~/utils/permissions.server'
import { HiddenRows, SheetList } from '~/components/RosterImportSheets'
import { readForm, readRosterUpload } from '~/utils/forms.server'
import { FileField } from '~/components/FileField'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, rosterImport }

const r = t.rosterImport

export const meta: MetaFunction = () => [{ title: `${r.title} · ${t.app.name}` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['admin', 'leader', 'cadre'])
  const page = await loadImportPage(getDb(), { user, searchParams: new URL(request.url).searchParams, at: now() })
  if (page.kind === 'forbidden') forbidden()
  return json(page as Exclude<ImportPage, { kind: 'forbidden' }>)
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ['admin', 'leader', 'cadre'])
  if ((request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
    const form = await readRosterUpload(request)
    if (!form.ok) return json({ error: readProblemText(form.problem) }, { status: form.problem === 'tooLarge' ? 413 : 400 })
    const saved = await saveRosterUpload(getDb(), { user, file: form.file, at: now() })
    if (!saved.ok) return saved.problem === 'forbidden' ? forbidden() : json({ error: readProblemText(saved.problem) }, { status: 422 })
    return redirect(`/import?upload=${saved.token}`)
  }
  const confirm = parseConfirmForm(await readForm(request))
  if (!confirm) return json({ error: readProblemText('expired') }, { status: 400 })
  const outcome = await confirmRosterUpload(getDb(), { user, ...confirm, at: now(), ip: clientAddress(request) })
  if (outcome.kind === 'forbidden') forbidden()
  if (outcome.kind === 'expired') return json({ error: readProblemText('expired') }, { status: 410 })
  return redirect(outcome.to)
}

type Page = Exclude<ImportPage, { kind: 'forbidden' }>
type Preview = Extract<Page, { kind: 'preview' }>

export default function RosterImportPage() {
  const page = useLoaderData<typeof loader>() as Page
  const actionData = useActionData<typeof action>() as { error?: string } | undefined
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <h1>{r.title}</h1>
      {page.kind === 'upload' ? <UploadStep page={page} error={actionData?.error ?? page.notice} /> : null}
      {page.kind === 'preview' ? <PreviewStep page={page} error={actionData?.error ?? null} /> : null}
      {page.kind === 'done' ? <DoneStep page={page} /> : null}
    </div>
  )
}

function UploadStep({ page, error }: { page: Extract<Page, { kind: 'upload' }>; error: string | null }) {
  const navigation = useNavigation()
  return (
    <>
      <p className="text-sm text-slate-700">{r.intro}</p>
      {page.cadre ? <p className="text-sm text-slate-700">{r.cadreIntro}</p> : null}
      <Form method="post" encType="multipart/form-data" className="card space-y-3">
        <h2>{r.upload.heading}</h2>
        {error ? (
          <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
            {error}
          </p>
        ) : null}
        <FileField id="roster-file" label={r.upload.file} hint={format(r.upload.fileHint, { size: page.maxMegabytes })}>
          <p className="mt-1 text-sm">
            <a href="/import/template.xlsx" download>
              {r.template.link}
            </a>
          </p>
        </FileField>
        <button type="submit" className="btn" disabled={navigation.state === 'submitting'}>
          {r.upload.submit}
        </button>
      </Form>
      <section className="card space-y-2">
        <h2>{r.history.heading}</h2>
        {page.history.length === 0 ? (
          <p className="text-sm text-slate-600">{r.history.none}</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {page.history.map((item) => (
              <li key={item.id} className="py-2">
                <a href={`/import?done=${item.id}`}>{item.fileName}</a>
                <span className="block text-slate-600">
                  {item.importedAt} · {item.importedBy} · {format(r.history.resultValue, { added: item.added, updated: item.updated, rejected: item.rejected })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}

function PreviewStep({ page, error }: { page: Preview; error: string | null }) {
  const navigation = useNavigation()
  const query = new URLSearchParams([['upload', page.token], ...page.choice]).toString()
  const p = r.preview
  const canConfirm = page.mappingProblems.length === 0 && page.counts.added + page.counts.updated > 0
  const mapped = page.columns.flatMap((c) => (c.field ? [{ ...c, field: c.field }] : []))
  const ignored = page.columns.filter((c) => !c.field)
  return (
    <>
      {error ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {error}
        </p>
      ) : null}
      {page.notice === 'stale' ? (
        <p role="alert" className="rounded bg-amber-50 p-2 text-amber-900">
          {p.stale}
        </p>
      ) : null}
      {page.notice === 'nothingToWrite' ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-900">
          {p.nothingToWrite}
        </p>
      ) : null}

      <section className="card space-y-1 text-sm" aria-labelledby="file-heading">
        <h2 id="file-heading">{r.file.heading}</h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
          <dt className="text-slate-600">{r.file.name}</dt>
          <dd className="break-all">
            {page.file.name}（{page.file.kb}）
          </dd>
          <dt className="text-slate-600">{r.sheets.kind}</dt>
          <dd>{page.sheets.kind}</dd>
          <dt className="text-slate-600">{r.file.sheet}</dt>
          <dd>{page.file.sheetName ?? r.file.csv}</dd>
          {page.file.encoding ? (
            <>
              <dt className="text-slate-600">{r.file.encoding}</dt>
              <dd>{page.file.encoding}</dd>
            </>
          ) : null}
          <dt className="text-slate-600">{r.file.headerRow}</dt>
          <dd>{format(r.file.headerRowValue, { row: page.file.headerRow })}</dd>
        </dl>
        {page.file.otherSheets ? <p className="text-amber-900">{page.file.otherSheets}</p> : null}
        <SheetList view={page.sheets} />
      </section>

      <HiddenRows view={page.sheets} token={page.token} />

      <details open={page.mappingProblems.length > 0 ? true : undefined} className="card">
        <summary className="cursor-pointer">
          <h2 id="mapping-heading" className="inline">
            {r.mapping.heading}
          </h2>
          <span className="block text-sm text-slate-600">
            {format(r.mapping.summary, { fields: mapped.map((c) => r.fields[c.field]).join(r.mapping.listSeparator) })}
            {ignored.length
              ? format(r.mapping.ignored, {
                  columns: ignored.map((c) => format(r.mapping.column, { n: c.index + 1, header: c.header.replace(/\s+/g, '') })).join(r.mapping.listSeparator),
                })
              : null}
          </span>
        </summary>
        <Form method="get" action="/import" className="mt-3 space-y-3" aria-labelledby="mapping-heading">
          <p className="text-sm text-slate-600">{r.mapping.intro}</p>
          <input type="hidden" name="upload" value={page.token} />
          <input type="hidden" name="mapped" value="1" />
          {page.choice
            .filter(([name]) => name === 'sheet' || name === 'hidden')
            .map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
          {page.mappingProblems.length ? (
            <ul role="alert" className="list-disc rounded bg-red-50 p-2 pl-6 text-sm text-red-800">
              {page.mappingProblems.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          ) : null}
          <div className="grid gap-3 sm:grid-cols-2">
            {page.columns.map((column) => (
              <div key={column.index}>
                <label htmlFor={`c${column.index}`} className="label">
                  {format(r.mapping.column, { n: column.index + 1, header: column.header.replace(/\s+/g, '') || r.mapping.emptyHeader })}
                </label>
                <select id={`c${column.index}`} name={`c${column.index}`} defaultValue={column.field ?? ''} className="field">
                  <option value="">{r.mapping.ignore}</option>
                  {page.fieldOptions.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </div>
          {page.villageSelect ? (
            <div>
              <label htmlFor="default-village" className="label">
                {r.mapping.defaultVillage}
              </label>
              <select id="default-village" name="village" defaultValue={page.villageSelect.selected ?? ''} className="field">
                <option value="">{r.mapping.chooseVillage}</option>
                {page.villageSelect.options.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {page.cadreVillage ? <p className="text-sm">{format(r.mapping.cadreVillage, { village: page.cadreVillage })}</p> : null}
          <button type="submit" className="btn-secondary">
            {r.mapping.apply}
          </button>
        </Form>
      </details>

      {page.mappingProblems.length === 0 ? (
        <section className="card space-y-3" aria-labelledby="preview-heading">
          <h2 id="preview-heading">{p.heading}</h2>
          <p>{page.layout}</p>
          {page.sheets.extraColumns ? <p className="text-sm text-slate-700">{page.sheets.extraColumns}</p> : null}
          <p role="status">{format(p.counts, { ...page.counts })}</p>
          {page.counts.rejected > 0 ? (
            <p className="text-sm">
              <a href={`/import/rejected.xlsx?${query}`} download>
                {p.downloadRejected}
              </a>
              <span className="block text-slate-600">{p.rejectedHint}</span>
            </p>
          ) : null}
          {canConfirm ? (
            <Form method="post" action="/import" className="space-y-2">
              <input type="hidden" name="upload" value={page.token} />
              <input type="hidden" name="digest" value={page.digest} />
              {page.choice.map(([name, value]) => (
                <input key={name} type="hidden" name={name} value={value} />
              ))}
              <p className="text-sm text-slate-600">{p.confirmHint}</p>
              <button type="submit" className="btn" disabled={navigation.state === 'submitting'}>
                {format(p.confirm, { added: page.counts.added, updated: page.counts.updated })}
              </button>
            </Form>
          ) : page.counts.added + page.counts.updated + page.counts.unchanged === 0 ? (
            <p className="rounded bg-amber-50 p-2 text-amber-900">{p.nothingToImport}</p>
          ) : page.notice !== 'nothingToWrite' ? (
            <p className="rounded bg-green-50 p-2 text-green-900">{p.nothingToWrite}</p>
          ) : null}
          <RowList
            heading={format(p.rejectedHeading, { count: page.counts.rejected })}
            rows={page.rows.rejected}
            total={page.counts.rejected}
            tone="rejected"
          />
          <RowList heading={format(p.updatedHeading, { count: page.counts.updated })} rows={page.rows.update} total={page.counts.updated} tone="update" />
          <RowList heading={format(p.addedHeading, { count: page.counts.added })} rows={page.rows.add} total={page.counts.added} tone="add" />
          <RowList
            heading={format(p.unchangedHeading, { count: page.counts.unchanged })}
            rows={page.rows.unchanged}
            total={page.counts.unchanged}
            tone="unchanged"
          />
        </section>
      ) : null}
      <p>
        <Link to="/import">{p.uploadAnother}</Link>
      </p>
    </>
  )
}

const TONE = { rejected: 'border-red-200', update: 'border-sky-200', add: 'border-green-200', unchanged: 'border-slate-200' } as const

function RowList({ heading, rows, total, tone }: { heading: string; rows: PreviewRowView[]; total: number; tone: keyof typeof TONE }) {
  if (total === 0) return null
  const p = r.preview
  return (
    <details open={tone !== 'unchanged' && tone !== 'add' ? true : undefined} className={`rounded border ${TONE[tone]} p-2`}>
      <summary className="cursor-pointer font-medium">{heading}</summary>
      {rows.length < total ? <p className="text-xs text-slate-600">{format(p.shownFirst, { shown: rows.length })}</p> : null}
      <ul className="mt-2 divide-y divide-slate-100 text-sm">
        {rows.map((row) => (
          <li key={row.sheetRow} className="py-2">
            <span className="font-medium">{format(r.preview.rowLabel, { row: row.sheetRow })}</span>{' '}
            <span>{[row.village, row.headName].filter(Boolean).join(' · ')}</span>
            <span className="block break-all text-slate-600">
              {p.idNumber}：{row.idNumber || r.values.empty}
              {'\u3000'}
              {p.amount}：{row.amount || r.values.empty}
            </span>
            {row.notes.length ? (
              <ul className={tone === 'rejected' ? 'text-red-800' : 'text-sky-900'}>
                {row.notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </details>
  )
}

function DoneStep({ page }: { page: Extract<Page, { kind: 'done' }> }) {
  if (!page.found) {
    return (
      <>
        <p role="alert" className="rounded bg-amber-50 p-2 text-amber-900">
          {r.done.notFound}
        </p>
        <Link to="/import">{r.done.backToImport}</Link>
      </>
    )
  }
  return (
    <section className="card space-y-3">
      <h2>{r.done.heading}</h2>
      <p role="status">{page.summary}</p>
      {page.rejectedCount > 0 ? (
        <>
          <p>
            <a href={`/import/rejected.xlsx?import=${page.id}`} download>
              {r.preview.downloadRejected}
            </a>
            <span className="block text-sm text-slate-600">{r.preview.rejectedHint}</span>
          </p>
          <details className="rounded border border-red-200 p-2">
            <summary className="cursor-pointer font-medium">{format(r.done.rejectedHeading, { count: page.rejectedCount })}</summary>
            <ul className="mt-2 divide-y divide-slate-100 text-sm">
              {page.rejected.map((row) => (
                <li key={row.sheetRow} className="py-1">
                  <span className="font-medium">{format(r.preview.rowLabel, { row: row.sheetRow })}</span>{' '}
                  <span className="text-red-800">{row.reasons.join(r.preview.separator)}</span>
                </li>
              ))}
            </ul>
          </details>
        </>
      ) : null}
      <p>
        <Link to="/import">{r.done.backToImport}</Link>
      </p>
    </section>
  )
}
