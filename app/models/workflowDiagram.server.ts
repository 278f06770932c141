// The campaign workflow diagram's layout, computed once per server from the machine definition and handed to the
// page by its loader: the browser receives coordinates, not the machine (XState stays out of the phone's script).
import { t } from '../i18n/dictionary'
import { buildDiagramModel, layoutDiagram, type DiagramLayout } from '../../workflows/diagram'

const layouts = new Map<number, DiagramLayout>()

/** The diagram of the campaign machine, with room for `legendLines` lines of legend below it. */
export function campaignDiagramLayout(legendLines: number): DiagramLayout {
  let layout = layouts.get(legendLines)
  if (!layout) {
    layout = layoutDiagram(buildDiagramModel(), { eventLabels: t.workflowEvents, legendLines })
    layouts.set(legendLines, layout)
  }
  return layout
}
