// Where a follow-up (problem, rectification order, report, dedicated supervision) is dealt with.
// Plain module: the dashboard and village pages use it while rendering.
export interface FollowUpRef {
  kind: 'problem' | 'order' | 'complaint' | 'supervisor'
  id: number
  villageId: number
}

/** The page behind a follow-up, or null where this role may not open it (cadres never open reports). */
export function followUpPath(f: FollowUpRef, role: string): string | null {
  switch (f.kind) {
    case 'problem':
      return `/villages/${f.villageId}/problems/${f.id}`
    case 'order':
      return `/villages/${f.villageId}/orders/${f.id}`
    default:
      return role === 'cadre' ? null : `/complaints/${f.id}`
  }
}
