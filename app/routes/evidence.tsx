// POST /evidence?record=<type>&id=<record id>: one photo or scan (佐证材料) attached to a record — an order's answer,
// a checklist item, a home visit, a problem's rectification. The record names its village; only that village's cadre
// ('work') may add to it. The body is capped before it is read (server.ts, app/utils/requestLimits.ts: 10 MB and
// 64 KB) and its parts bounded while it is streamed (readRosterUpload: one file, a few small fields). Success returns
// to the record's page; a refusal is shown here with its 4xx status, in Chinese, without repeating what was sent.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { evidence } from '~/i18n/zh-CN/evidence'
import { attachEvidence, type AttachProblem } from '~/models/evidence/evidence.server'
import { EVIDENCE_LIMITS } from '~/models/evidence/limits'
import { evidenceTarget, isEvidenceRecordType } from '~/models/evidence/records.server'
import { clientAddress, landingPath } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { fileSizeText } from '~/utils/format'
import { readRosterUpload } from '~/utils/forms.server'
import { forbidden, notFound, requireUser, requireVillageAccess } from '~/utils/permissions.server'
import { MAX_EVIDENCE_BODY_BYTES, MAX_EVIDENCE_FILE_BYTES } from '~/utils/requestLimits'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, evidence }

const E = t.evidence

export const meta: MetaFunction = () => [{ title: `${E.refusedTitle} · ${t.app.name}` }]

/** Nothing to show on a GET: uploads come from the record pages; this page only explains a refused upload. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  return json({ home: landingPath(user) })
}

const STATUS: Record<AttachProblem, number> = {
  empty: 400,
  tooLarge: 413,
  notAllowed: 415,
  unreadable: 422,
  busy: 503,
  closed: 409,
  full: 409,
  captionTooLong: 400,
  recused: 403,
}

function problemText(problem: AttachProblem): string {
  return format(E.problems[problem], {
    size: fileSizeText(EVIDENCE_LIMITS.fileBytes),
    max: problem === 'full' ? EVIDENCE_LIMITS.perRecord : EVIDENCE_LIMITS.captionLength,
  })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const url = new URL(request.url)
  const recordType = url.searchParams.get('record')
  const recordId = Number(url.searchParams.get('id'))
  if (!isEvidenceRecordType(recordType)) notFound()
  const db = getDb()
  const target = await evidenceTarget(db, recordType, recordId)
  // an unknown record and another village's look the same to a cadre, as villages do (requireVillageAccess)
  if (!target) return user.role === 'cadre' ? forbidden() : notFound()
  const { user: uploader } = await requireVillageAccess(request, target.villageId, 'work')
  const refuse = (problem: AttachProblem) => json({ message: problemText(problem), back: target.pagePath }, { status: STATUS[problem] })
  const upload = await readRosterUpload(request, { fileBytes: MAX_EVIDENCE_FILE_BYTES, bodyBytes: MAX_EVIDENCE_BODY_BYTES })
  if (!upload.ok) return refuse(upload.problem === 'tooLarge' ? 'tooLarge' : 'empty')
  const result = await attachEvidence(db, {
    target,
    file: upload.file,
    caption: upload.fields.caption ?? null,
    actor: { userId: uploader.id, at: now(), ip: clientAddress(request) },
  })
  if (!result.ok) return refuse(result.problem)
  return redirect(`${target.pagePath}?evidence=${result.duplicate ? 'duplicate' : 'uploaded'}#evidence`)
}

export default function EvidenceUploadRefused() {
  const { home } = useLoaderData<typeof loader>()
  const refused = useActionData<typeof action>()
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1>{E.refusedTitle}</h1>
      {refused ? (
        <>
          <p role="alert" className="rounded bg-red-50 p-3 text-red-800">
            {refused.message}
          </p>
          <p>
            <Link to={refused.back}>{E.backToRecord}</Link>
          </p>
        </>
      ) : (
        <>
          <p className="text-slate-600">{E.fromRecordPage}</p>
          <p>
            <Link to={home}>{E.home}</Link>
          </p>
        </>
      )}
    </div>
  )
}
