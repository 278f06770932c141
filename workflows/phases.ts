// The four phases of 篇一's 实施步骤, in order.
export const PHASES = ['mobilisation', 'fullInspection', 'supervision', 'summary'] as const
export type PhaseId = (typeof PHASES)[number]

export const PHASE_LABELS: Record<PhaseId | 'closed', string> = {
  mobilisation: '动员部署',
  fullInspection: '全面排查',
  supervision: '检查督导',
  summary: '总结整改',
  closed: '已结束',
}

export function isPhase(value: string): value is PhaseId {
  return (PHASES as readonly string[]).includes(value)
}

export function previousPhase(phase: PhaseId): PhaseId | null {
  const i = PHASES.indexOf(phase)
  return i > 0 ? PHASES[i - 1] : null
}
