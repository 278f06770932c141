// One checklist item of a village (清单事项): its wording, whether and when it was done, by whom, with what note, and
// its 佐证材料 — where the village's cadre attaches the photos and scans that show it was done. Ticking stays on the
// village page; this page shows the item and carries its evidence. The item must belong to the village in the URL.
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { EvidencePanel } from '~/components/EvidencePanel'
import { RecordHeading } from '~/components/RecordPage'
import { format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { evidence } from '~/i18n/zh-CN/evidence'
import { phases } from '~/i18n/zh-CN/workflow'
import { getChecklistItem } from '~/models/checklistItemPage.server'
import { evidencePanelData } from '~/models/evidence/panel.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireVillageAccess, VILLAGE_RIGHTS } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, evidence, phases }

const C = t.evidence.checklistItem

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.item.label} · ${data.village.name} · ${t.app.name}` : t.app.name }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const itemId = Number(params.itemId)
  if (!Number.isSafeInteger(itemId) || itemId <= 0) notFound()
  const db = getDb()
  const found = await getChecklistItem(db, { townshipId: village.townshipId, villageId: village.id, itemId })
  // another village's item: 403, like another village; an unknown one: 404, except to a cadre
  if (!found.ok) return found.kind === 'otherVillage' || user.role === 'cadre' ? forbidden() : notFound()
  const evidence = await evidencePanelData(db, {
    recordType: 'checklistItem',
    recordId: itemId,
    villageId: village.id,
    viewer: { userId: user.id, role: user.role, townshipId: user.townshipId },
    mayUpload: VILLAGE_RIGHTS.work.includes(user.role),
  })
  if (!evidence) notFound()
  return json({ village, item: found.item, evidence })
}

export default function ChecklistItemPage() {
  const { village, item, evidence } = useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <RecordHeading
        kicker={format(C.title, { village: village.name })}
        heading={item.label}
        backTo={`/villages/${village.id}`}
        backLabel={format(C.back, { village: village.name })}
      />
      <section className="card" aria-labelledby="item-heading">
        <h2 id="item-heading">{C.status}</h2>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-slate-500">{C.phase}</dt>
          <dd>{t.phases[item.phase]}</dd>
          <dt className="text-slate-500">{C.status}</dt>
          <dd>{item.doneOn ? format(C.done, { date: item.doneOn }) : C.notDone}</dd>
          {item.doneBy ? (
            <>
              <dt className="text-slate-500">{C.doneBy}</dt>
              <dd>{item.doneBy}</dd>
            </>
          ) : null}
          <dt className="text-slate-500">{C.note}</dt>
          <dd className="whitespace-pre-line break-words">{item.note || C.noNote}</dd>
        </dl>
      </section>
      <EvidencePanel {...evidence} />
    </div>
  )
}
