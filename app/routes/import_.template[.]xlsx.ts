// /import/template.xlsx: 下载花名册模板 — the columns the roster importer recognises and a 填表说明 sheet. For whoever
// may import a roster (administrators, leaders, village cadres); it holds no one's data.
import { type LoaderFunctionArgs } from '@remix-run/node'
import { rosterTemplateWorkbook } from '~/models/rosterImport/template.server'
import { requireRole } from '~/utils/permissions.server'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ['admin', 'leader', 'cadre'])
  const file = await rosterTemplateWorkbook()
  const encoded = encodeURIComponent(file.name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return new Response(file.body as unknown as BodyInit, {
    headers: {
      'Content-Type': XLSX,
      'Content-Disposition': `attachment; filename="roster-template.xlsx"; filename*=UTF-8''${encoded}`,
      'Content-Length': String(file.body.byteLength),
      'Cache-Control': 'private, no-cache',
    },
  })
}
