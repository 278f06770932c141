// The self-inspection report's written sections: four labelled text areas pre-filled with the saved text, else the
// system's draft; one save button. A plain form: works without JavaScript.
import { Form } from '@remix-run/react'
import { beijingTime, format } from '~/i18n'
import { selfInspection } from '~/i18n/zh-CN/checklistRules'
import type { NarrativeView } from '~/models/selfInspectionNarrative.server'
import { NARRATIVE_SECTIONS } from '~/models/selfInspectionText'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { selfInspection }

export function SelfInspectionNarrative({ narrative, canWork, maxLength }: { narrative: NarrativeView; canWork: boolean; maxLength: number }) {
  const s = t.selfInspection
  return (
    <section className="card space-y-3" aria-labelledby="narrative-heading">
      <h2 id="narrative-heading">{s.narrativeHeading}</h2>
      {canWork ? <p className="text-sm text-slate-600">{s.narrativeIntro}</p> : null}
      {narrative.updatedAt ? (
        <p className="text-xs text-slate-600">{format(s.savedBy, { name: narrative.updatedBy ?? '—', time: beijingTime(narrative.updatedAt) })}</p>
      ) : null}
      {canWork ? (
        <Form method="post" className="space-y-3">
          <input type="hidden" name="intent" value="narrative" />
          <input type="hidden" name="version" value={narrative.version} />
          {NARRATIVE_SECTIONS.map((section) => (
            <div key={section}>
              <label htmlFor={`narrative-${section}`} className="label">
                {s.sections[section]}
                {narrative.drafted[section] ? <span className="ml-1 text-xs font-normal text-slate-500">{s.draftNote}</span> : null}
              </label>
              <textarea
                id={`narrative-${section}`}
                name={section}
                rows={section === 'nextSteps' ? 3 : 5}
                maxLength={maxLength}
                defaultValue={narrative.text[section]}
                className="field"
              />
            </div>
          ))}
          <button type="submit" className="btn">
            {s.save}
          </button>
        </Form>
      ) : (
        NARRATIVE_SECTIONS.map((section) => (
          <div key={section}>
            <h3 className="font-medium">{s.sections[section]}</h3>
            <p className="whitespace-pre-line text-sm">{narrative.text[section]}</p>
          </div>
        ))
      )}
    </section>
  )
}
