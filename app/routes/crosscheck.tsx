// 信息核对 (/crosscheck): the county bureau imports other departments' lists (车管, 市场监管, 不动产, 财政/人社,
// 公安/殡葬, 公积金) and sees who of its households they name; a township sees its own matches, a village's cadre only
// their village's (app/models/departmentLists: what each viewer may see is decided there). Works without JavaScript;
// fits a phone.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { parseDepartmentUploadFields, parseSourceFilter } from '~/forms/departmentLists.server'
import { format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { departmentLists } from '~/i18n/zh-CN/departmentLists'
import { getCrosscheckPage, type ListView, type MatchView } from '~/models/departmentLists/queries.server'
import { uploadDepartmentList, uploadProblemText } from '~/models/departmentLists/upload.server'
import { clientAddress } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { readRosterUpload } from '~/utils/forms.server'
import { MAX_UPLOAD_BYTES } from '~/utils/requestLimits'
import { forbidden, requireRole } from '~/utils/permissions.server'
import { FileField } from '~/components/FileField'
import { SelectField } from '~/components/SelectField'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, departmentLists }

const d = t.departmentLists

export const meta: MetaFunction = () => [{ title: `${d.title} · ${t.app.name}` }]

const VIEWERS = ['county', 'leader', 'inspector', 'admin', 'cadre', 'liaison'] as const

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, VIEWERS)
  const url = new URL(request.url)
  const source = parseSourceFilter(url.searchParams.get('source'))
  const page = await getCrosscheckPage(getDb(), { user, source })
  if (!page) forbidden()
  const imported = Number(url.searchParams.get('imported'))
  return json(
    { page, source, imported: Number.isInteger(imported) && imported > 0 ? imported : null, month: today().slice(0, 7) },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ['county'])
  if (!(request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) return json({ error: d.problems.noFile }, { status: 400 })
  const form = await readRosterUpload(request)
  if (!form.ok)
    return json({ error: form.problem === 'tooLarge' ? d.problems.tooLarge : d.problems.noFile }, { status: form.problem === 'tooLarge' ? 413 : 400 })
  const fields = parseDepartmentUploadFields(form.fields)
  if (!fields.ok) return json({ error: fields.message }, { status: 400 })
  const result = await uploadDepartmentList(getDb(), { user, ...fields, file: form.file, at: now(), ip: clientAddress(request) })
  if (!result.ok) return result.problem === 'forbidden' ? forbidden() : json({ error: uploadProblemText(result.problem) }, { status: 422 })
  return redirect(`/crosscheck?imported=${result.listId}`)
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>['page']

export default function CrosscheckPage() {
  const { page, source, imported, month } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const done = imported ? page.lists?.find((l) => l.id === imported) : undefined
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <h1>{d.title}</h1>
      <p className="text-sm text-slate-700">{page.scope === 'villages' ? d.cadreIntro : page.scope === 'township' ? d.townshipIntro : d.intro}</p>
      {done ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {format(d.imported, { source: done.sourceLabel, rows: done.rowCount ?? 0, matches: done.matchCount })}
        </p>
      ) : null}
      {page.canImport ? <UploadForm error={actionData?.error ?? null} month={month} sources={page.sources} /> : null}
      {page.lists ? <Lists lists={page.lists} county={page.scope === 'county'} /> : null}
      <Matches page={page} source={source} />
    </div>
  )
}

function UploadForm({ error, month, sources }: { error: string | null; month: string; sources: Page['sources'] }) {
  const navigation = useNavigation()
  const u = d.upload
  return (
    <Form method="post" encType="multipart/form-data" className="card space-y-3">
      <h2>{u.heading}</h2>
      {error ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {error}
        </p>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="crosscheck-source" className="label">
            {u.source}
          </label>
          <select id="crosscheck-source" name="source" required defaultValue="" className="field">
            <option value="" disabled>
              {u.sourceChoose}
            </option>
            {sources.map((s) => (
              <option key={s} value={s}>
                {d.sourceLong[s]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="crosscheck-date" className="label">
            {u.dataDate}
          </label>
          <input
            id="crosscheck-date"
            name="dataDate"
            required
            defaultValue={month}
            maxLength={20}
            inputMode="numeric"
            aria-describedby="crosscheck-date-hint"
            className="field"
          />
          <p id="crosscheck-date-hint" className="mt-1 text-xs text-slate-500">
            {u.dataDateHint}
          </p>
        </div>
      </div>
      <FileField id="crosscheck-file" label={u.file} hint={format(u.fileHint, { size: MAX_UPLOAD_BYTES / (1024 * 1024) })} />
      <p className="text-sm text-slate-600">{u.replaces}</p>
      <button type="submit" className="btn" disabled={navigation.state === 'submitting'}>
        {u.submit}
      </button>
    </Form>
  )
}

function Lists({ lists, county }: { lists: ListView[]; county: boolean }) {
  const l = d.lists
  return (
    <section className="card space-y-2" aria-labelledby="crosscheck-lists">
      <h2 id="crosscheck-lists">{l.heading}</h2>
      {lists.length === 0 ? (
        <p className="text-sm text-slate-600">{l.none}</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {lists.map((list) => (
            <li key={list.id} className="py-2">
              <span className="font-medium">{list.sourceLabel}</span>
              <span className={`badge ml-2 ${list.current ? 'bg-green-100 text-green-800' : 'bg-slate-100 text-slate-700'}`}>
                {list.current ? l.current : l.replaced}
              </span>
              <span className="block text-slate-700">
                {l.dataDate}：{list.dataDate}
                {'\u3000'}
                {l.matches}：{list.matchCount}
                {county && list.rowCount !== null ? (
                  <>
                    {'\u3000'}
                    {l.rows}：{list.rowCount}
                  </>
                ) : null}
              </span>
              <span className="block break-all text-slate-600">
                {l.importedAt}：{list.importedAt}
                {county && list.importedBy ? ` · ${l.importedBy}：${list.importedBy}` : null}
                {county && list.fileName ? ` · ${l.file}：${list.fileName}` : null}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function Matches({ page, source }: { page: Page; source: string | null }) {
  const m = d.matches
  return (
    <section className="card space-y-3" aria-labelledby="crosscheck-matches">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 id="crosscheck-matches">{m.heading}</h2>
        <a href="/crosscheck/matches.xlsx" download className="btn-secondary min-h-0 py-1 text-sm">
          {m.export}
        </a>
      </div>
      <Form method="get" className="flex flex-wrap items-end gap-2">
        <SelectField
          id="crosscheck-filter"
          name="source"
          label={m.filterSource}
          none={m.allSources}
          defaultValue={source ?? ''}
          options={page.sources.map((s) => ({ value: s, label: d.sources[s] }))}
        />
        <button type="submit" className="btn-secondary">
          {m.apply}
        </button>
      </Form>
      <p className="text-sm text-slate-700" role="status">
        {format(m.count, { count: page.total, households: page.households })}
      </p>
      {page.matches.length === 0 ? (
        <p className="text-sm text-slate-600">{m.none}</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {page.matches.map((match) => (
            <MatchItem key={match.id} match={match} />
          ))}
        </ul>
      )}
    </section>
  )
}

function MatchItem({ match }: { match: MatchView }) {
  const m = d.matches
  return (
    <li className="py-2">
      <Link to={match.href} className="font-medium">
        {match.headName}
      </Link>
      <span className="ml-2 text-slate-600">
        {match.townshipName} · {match.villageName}
      </span>
      <span className="block">
        {m.person}：{match.isHead ? m.head : match.personName}
        <span className="ml-2 font-mono text-xs text-slate-600">
          <span className="sr-only">{m.idNumber}</span>
          {match.maskedIdNumber}
        </span>
      </span>
      <span className="block text-amber-900">{match.line}</span>
    </li>
  )
}
