// 批量导入账号: a township administrator uploads an .xlsx list (姓名, 角色, 所属村, 手机号), sees each row judged,
// confirms, and gets the new accounts' initial passwords once, on the confirm's own answer (never stored in clear, not
// reachable again). Works without JavaScript; fits a phone. app/models/accountImport.server.ts.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { parseAccountImportConfirm } from '~/forms/accountImport.server'
import { format } from '~/i18n'
import { accountImport } from '~/i18n/zh-CN/accountImport'
import { app } from '~/i18n/zh-CN/common'
import { rosterImport } from '~/i18n/zh-CN/rosterImport'
import { accountReadProblemText, confirmAccountImport, loadAccountImportPage, saveAccountUpload, type AccountImportPage } from '~/models/accountImport.server'
import type { AccountConfirmOutcome, AccountRowView } from '~/models/accountImport.server'
import { clientAddress } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { readForm, readRosterUpload } from '~/utils/forms.server'
import { forbidden, requireRole } from '~/utils/permissions.server'
import { FileField } from '~/components/FileField'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { accountImport, app, rosterImport }

const a = t.accountImport
const NO_STORE = { 'Cache-Control': 'no-store' }

export const meta: MetaFunction = () => [{ title: `${a.title} · ${t.app.name}` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['admin'])
  const page = await loadAccountImportPage(getDb(), { user, searchParams: new URL(request.url).searchParams, at: now() })
  if (page.kind === 'forbidden') forbidden()
  return json(page as Page, { headers: NO_STORE })
}

type Imported = Extract<AccountConfirmOutcome, { kind: 'imported' }>
type ActionData = { error: string } | Imported

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ['admin'])
  if ((request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
    const form = await readRosterUpload(request)
    if (!form.ok) return json<ActionData>({ error: accountReadProblemText(form.problem) }, { status: form.problem === 'tooLarge' ? 413 : 400 })
    const saved = await saveAccountUpload(getDb(), { user, file: form.file, at: now() })
    if (!saved.ok) return saved.problem === 'forbidden' ? forbidden() : json<ActionData>({ error: accountReadProblemText(saved.problem) }, { status: 422 })
    return redirect(`/admin/users/import?upload=${saved.token}`)
  }
  const confirm = parseAccountImportConfirm(await readForm(request))
  if (!confirm) return json<ActionData>({ error: accountReadProblemText('expired') }, { status: 400 })
  const outcome = await confirmAccountImport(getDb(), { user, token: confirm.upload, digest: confirm.digest, at: now(), ip: clientAddress(request) })
  switch (outcome.kind) {
    case 'forbidden':
      return forbidden()
    case 'expired':
      return json<ActionData>({ error: accountReadProblemText('expired') }, { status: 410 })
    case 'busy':
      return json<ActionData>({ error: a.confirmBusy }, { status: 503, headers: { 'Retry-After': '30' } })
    case 'unreadable':
      return json<ActionData>({ error: outcome.message }, { status: 422 })
    case 'redirect':
      return redirect(outcome.to)
    default:
      // the initial passwords: in this one answer, never cached
      return json<ActionData>(outcome, { headers: NO_STORE })
  }
}

type Page = Exclude<AccountImportPage, { kind: 'forbidden' }>

export default function AccountImportPage() {
  const page = useLoaderData<typeof loader>() as Page
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const imported = actionData && 'created' in actionData ? actionData : null
  const error = actionData && 'error' in actionData ? actionData.error : null
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <p className="text-sm">
        <Link to="/admin">{a.back}</Link>
      </p>
      <h1>{a.title}</h1>
      {imported ? (
        <Done result={imported} />
      ) : page.kind === 'preview' ? (
        <Preview page={page} error={error} />
      ) : (
        <Upload page={page} error={error ?? page.notice} />
      )}
    </div>
  )
}

function Alert({ text }: { text: string }) {
  return (
    <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
      {text}
    </p>
  )
}

function Upload({ page, error }: { page: Extract<Page, { kind: 'upload' }>; error: string | null }) {
  const navigation = useNavigation()
  return (
    <>
      <p className="text-sm text-slate-700">{a.intro}</p>
      <Form method="post" encType="multipart/form-data" className="card space-y-3">
        <h2>{a.upload.heading}</h2>
        {error ? <Alert text={error} /> : null}
        <FileField
          id="account-file"
          label={a.upload.file}
          hint={format(a.upload.fileHint, { size: page.maxMegabytes, max: page.maxRows })}
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        />
        <button type="submit" className="btn" disabled={navigation.state === 'submitting'}>
          {a.upload.submit}
        </button>
      </Form>
      <section className="card space-y-2 text-sm" aria-labelledby="columns-heading">
        <h2 id="columns-heading">{a.columnsHeading}</h2>
        <p>{a.columnsIntro}</p>
        <ul className="list-disc space-y-1 pl-6">
          {Object.values(a.columns).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <p>
          <a href="/templates/账号导入模板.xlsx" download>
            {a.template}
          </a>
        </p>
      </section>
    </>
  )
}

function Preview({ page, error }: { page: Extract<Page, { kind: 'preview' }>; error: string | null }) {
  const navigation = useNavigation()
  const p = a.preview
  return (
    <>
      {error ? <Alert text={error} /> : null}
      {page.notice === 'stale' ? (
        <p role="alert" className="rounded bg-amber-50 p-2 text-amber-900">
          {p.stale}
        </p>
      ) : null}
      <section className="card space-y-3" aria-labelledby="preview-heading">
        <h2 id="preview-heading">{p.heading}</h2>
        <p className="text-sm text-slate-600">{page.file}</p>
        <p role="status">{format(p.counts, page.counts)}</p>
        {page.noVillageColumn ? <p className="rounded bg-amber-50 p-2 text-sm text-amber-900">{p.noVillageColumn}</p> : null}
        {page.counts.ok > 0 ? (
          <Form method="post" className="space-y-2">
            <input type="hidden" name="upload" value={page.token} />
            <input type="hidden" name="digest" value={page.digest} />
            <p className="text-sm text-slate-600">{p.confirmHint}</p>
            <button type="submit" className="btn" disabled={navigation.state === 'submitting'}>
              {format(p.confirm, { count: page.counts.ok })}
            </button>
          </Form>
        ) : (
          <p role={page.notice === 'nothingToImport' ? 'alert' : undefined} className="rounded bg-amber-50 p-2 text-amber-900">
            {p.nothingToImport}
          </p>
        )}
        <RowsTable rows={page.rows} />
      </section>
      <p>
        <Link to="/admin/users/import">{p.uploadAnother}</Link>
      </p>
    </>
  )
}

function RowsTable({ rows }: { rows: AccountRowView[] }) {
  const p = a.preview
  return (
    <ul className="divide-y divide-slate-100 text-sm">
      {rows.map((row) => (
        <li key={row.sheetRow} className="py-2">
          <span className="font-medium">{format(t.rosterImport.preview.rowLabel, { row: row.sheetRow })}</span>{' '}
          <span>{[row.name, row.role, row.villages].filter(Boolean).join(' · ')}</span>
          <span className="block break-all text-slate-600">
            {p.phone}：{row.phone || t.rosterImport.values.empty}
            {'\u3000'}
            {p.username}：{row.username || t.rosterImport.values.empty}
          </span>
          {row.ok ? (
            <span className="block text-green-800">{p.ok}</span>
          ) : (
            <ul className="text-red-800">
              {row.reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  )
}

function Done({ result }: { result: Imported }) {
  const d = a.done
  const p = a.preview
  return (
    <section className="card space-y-3" aria-labelledby="done-heading">
      <h2 id="done-heading">{d.heading}</h2>
      <p role="status">{format(d.summary, { created: result.created.length, skipped: result.skipped.length })}</p>
      {result.created.length ? (
        <>
          <p role="alert" className="rounded bg-amber-50 p-2 font-medium text-amber-900">
            {d.onceWarning}
          </p>
          <p className="text-sm text-slate-600">{d.onceHint}</p>
          <div className="overflow-x-auto">
            <table className="table text-sm">
              <caption className="text-left font-medium">{d.accountsHeading}</caption>
              <thead>
                <tr>
                  <th scope="col">{p.name}</th>
                  <th scope="col">{p.username}</th>
                  <th scope="col">{d.password}</th>
                </tr>
              </thead>
              <tbody>
                {result.created.map((row) => (
                  <tr key={row.sheetRow}>
                    <td>
                      {row.name}
                      <span className="block text-xs text-slate-600">{[row.role, row.villages].filter(Boolean).join(' · ')}</span>
                    </td>
                    <td className="break-all">{row.username}</td>
                    <td>
                      <code className="font-mono text-base">{row.password}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {result.skipped.length ? (
        <details open className="rounded border border-red-200 p-2">
          <summary className="cursor-pointer font-medium">{format(d.skippedHeading, { count: result.skipped.length })}</summary>
          <ul className="mt-2 divide-y divide-slate-100 text-sm">
            {result.skipped.map((row) => (
              <li key={row.sheetRow} className="py-1">
                <span className="font-medium">{format(t.rosterImport.preview.rowLabel, { row: row.sheetRow })}</span> {row.name}{' '}
                <span className="text-red-800">{row.reasons.join(p.separator)}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <p className="flex flex-wrap gap-4">
        <Link to="/admin">{d.backToAdmin}</Link>
        <Link to="/admin/users/import">{d.importAnother}</Link>
      </p>
    </section>
  )
}
