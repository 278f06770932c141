// /import/rejected.xlsx: the rows an import rejects, as an .xlsx with 原行号, the file's own columns and 原因, to fix
// and upload again. ?upload=…&(mapping) for a file being previewed (the user's own upload only), ?import=ID for a
// finished import of the user's township (a village cadre: of their own village). Anything else: back to /import.
import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { rejectedRowsFile } from '~/models/rosterImport.server'
import { now } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { requireRole } from '~/utils/permissions.server'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['admin', 'leader', 'cadre'])
  const file = await rejectedRowsFile(getDb(), { user, searchParams: new URL(request.url).searchParams, at: now() })
  // an expired upload, someone else's, or no such import: back to the import page, which says what it can
  if (!file) return redirect('/import')
  const encoded = encodeURIComponent(file.name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return new Response(file.body as unknown as BodyInit, {
    headers: {
      'Content-Type': XLSX,
      'Content-Disposition': `attachment; filename="rejected-rows.xlsx"; filename*=UTF-8''${encoded}`,
      'Content-Length': String(file.body.byteLength),
      // the rows carry whole ID numbers: never kept by a proxy or the browser's cache
      'Cache-Control': 'private, no-store',
    },
  })
}
