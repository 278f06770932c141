// The four phases of 篇一's 实施步骤, in order.
export const PHASES = ['mobilisation', 'fullInspection', 'supervision', 'summary'] as const
export type PhaseId = (typeof PHASES)[number]

export function isPhase(value: string): value is PhaseId {
  return (PHASES as readonly string[]).includes(value)
}
