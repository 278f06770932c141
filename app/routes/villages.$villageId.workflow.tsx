// 流程详图: the campaign's full state chart with the village's current state marked, one link away from the progress
// line on the village page (the chart reads like a developer's drawing, so it is no longer on the page itself).
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DIAGRAM_LEGEND_LINES, WorkflowDiagram } from '~/components/WorkflowDiagram'
import { format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { village } from '~/i18n/zh-CN/dashboard'
import { phaseProgress } from '~/i18n/zh-CN/inspectorDay'
import { states } from '~/i18n/zh-CN/workflow'
import { getCurrentCampaign } from '~/models/campaign.server'
import { getWorkflowView } from '~/models/workflow.server'
import { campaignDiagramLayout } from '~/models/workflowDiagram.server'
import { getDb } from '~/utils/db.server'
import { notFound, requireVillageAccess } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, phaseProgress, states, village }

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(t.phaseProgress.detailTitle, { village: data.village.name })} · ${t.app.name}` : t.app.name },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village } = await requireVillageAccess(request, params.villageId, 'view')
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  const workflow = await getWorkflowView(db, campaign.id, village.id)
  if (!workflow) notFound()
  return json({ village: { id: village.id, name: village.name }, state: workflow.state, diagram: campaignDiagramLayout(DIAGRAM_LEGEND_LINES) })
}

export default function WorkflowDetailPage() {
  const { village, state, diagram } = useLoaderData<typeof loader>()
  const p = t.phaseProgress
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <p className="no-print text-sm">
        <Link to={`/villages/${village.id}`}>{format(p.back, { village: village.name })}</Link>
      </p>
      <h1>{format(p.detailTitle, { village: village.name })}</h1>
      <p className="text-sm text-slate-600">{p.detailIntro}</p>
      <p>
        {t.village.state}：<strong>{t.states[state] ?? state}</strong>
      </p>
      <section className="card" aria-label={t.village.diagram}>
        <WorkflowDiagram current={state} layout={diagram} />
      </section>
    </div>
  )
}
