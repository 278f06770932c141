// GET /evidence/<id>: one attachment's bytes, to whoever may see its record — the village's 'view' right here, the
// record itself in the model (withdrawn, or its record gone: 404). Served inline with the type it was stored as
// (JPEG after the rewrite, or PDF), never sniffed by the browser, cached privately and revalidated by its sha256.
// POST /evidence/<id> (intent=withdraw): its uploader, or a township administrator, withdraws it; back to its record.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { evidenceVillageOf, openEvidence, withdrawEvidence } from '~/models/evidence/evidence.server'
import { clientAddress } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { readForm } from '~/utils/forms.server'
import { forbidden, notFound, requireUser, requireVillageAccess } from '~/utils/permissions.server'

function evidenceIdOf(raw: string | undefined): number {
  const id = Number(raw)
  if (!/^\d{1,12}$/.test(raw ?? '') || !Number.isSafeInteger(id) || id <= 0) notFound()
  return id
}

/** The attachment's village, or 404 (none, withdrawn) — after sign-in, so a stranger learns nothing either way. */
async function villageOf(request: Request, id: number): Promise<number> {
  await requireUser(request)
  const villageId = await evidenceVillageOf(getDb(), id)
  if (villageId === null) notFound()
  return villageId
}

/** RFC 6266/5987: an ASCII fallback name and the real one percent-encoded; nothing of it can end the header. */
function contentDisposition(id: number, fileName: string): string {
  const ext = fileName.endsWith('.pdf') ? 'pdf' : 'jpg'
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `inline; filename="evidence-${id}.${ext}"; filename*=UTF-8''${encoded}`
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = evidenceIdOf(params.evidenceId)
  const villageId = await villageOf(request, id)
  await requireVillageAccess(request, villageId, 'view')
  const file = await openEvidence(getDb(), { evidenceId: id, villageId })
  if (!file) notFound()
  const etag = `"${file.sha256}"`
  const headers = {
    ETag: etag,
    // private: a shared cache never keeps a village's photos; no-cache: a withdrawn file is not shown from cache
    'Cache-Control': 'private, no-cache',
    // X-Content-Type-Options: nosniff is on every response (server.ts): the browser never second-guesses the type
  }
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers })
  return new Response(file.content as unknown as BodyInit, {
    headers: {
      ...headers,
      'Content-Type': file.mime,
      'Content-Length': String(file.content.byteLength),
      'Content-Disposition': contentDisposition(id, file.fileName),
    },
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const id = evidenceIdOf(params.evidenceId)
  const villageId = await villageOf(request, id)
  const { user } = await requireVillageAccess(request, villageId, 'view')
  const form = await readForm(request, { maxFields: 4 })
  if (form.get('intent') !== 'withdraw') throw json({ message: 'bad request' }, { status: 400 })
  const result = await withdrawEvidence(getDb(), {
    evidenceId: id,
    villageId,
    viewer: { userId: user.id, role: user.role, townshipId: user.townshipId },
    at: now(),
    ip: clientAddress(request),
  })
  if (result.ok) return redirect(`${result.pagePath}?evidence=withdrawn#evidence`)
  return result.kind === 'notAllowed' ? forbidden() : notFound()
}
