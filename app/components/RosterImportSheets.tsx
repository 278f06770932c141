// The import preview's file sheets (every sheet with its rows and state, a link to import another roster sheet) and
// its hidden rows with the 包括隐藏行 checkbox (a GET form: the preview again, carried on to the confirm). Views built
// by app/models/rosterImport/sheetsView.server.ts.
import { Form } from '@remix-run/react'
import { rosterImport } from '~/i18n/zh-CN/rosterImport'
import type { SheetsView } from '~/models/rosterImport/sheetsView.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { rosterImport }

const r = t.rosterImport

export function SheetList({ view }: { view: SheetsView }) {
  return (
    <>
      {view.hiddenChosen ? (
        <p role="alert" className="rounded bg-amber-50 p-2 text-amber-900">
          {view.hiddenChosen}
        </p>
      ) : null}
      {view.sheets.length ? (
        <>
          <h3 className="pt-2 font-medium">{r.sheets.heading}</h3>
          <ul className="list-disc pl-6">
            {view.sheets.map((sheet) => (
              <li key={sheet.key}>
                {sheet.text}
                {sheet.chooseHref ? (
                  <>
                    {' '}
                    <a href={sheet.chooseHref}>{sheet.chooseText}</a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  )
}

export function HiddenRows({ view, token }: { view: SheetsView; token: string }) {
  return (
    <>
      {view.hiddenRows ? (
        <section className="card space-y-2 text-sm" aria-labelledby="hidden-rows-heading">
          <h2 id="hidden-rows-heading">{r.sheets.hiddenRowsHeading}</h2>
          <p className="break-words">{view.hiddenRows.text}</p>
          <Form method="get" action="/import" className="flex flex-wrap items-center gap-3">
            <input type="hidden" name="upload" value={token} />
            {view.hiddenRows.params.map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            <label className="flex items-center gap-2">
              <input type="checkbox" name="hidden" value="1" defaultChecked={view.hiddenRows.included} />
              {r.sheets.includeHiddenRows}
            </label>
            <button type="submit" className="btn-secondary">
              {r.sheets.apply}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  )
}
