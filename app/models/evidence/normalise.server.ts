// An upload as it will be kept: its kind decided from its bytes (sniff.ts), a photo rewritten in a worker thread with a
// time limit (image.server.ts), a PDF kept byte for byte (docs/decisions/014-evidence-files.md says why).
import type { EvidenceKind } from '../../../workflows/rules/vocabulary'
import { runInWorker } from '../../utils/workers.server'
import type { ImageOutcome } from './image.server'
import { sniffEvidenceFormat } from './sniff'
import { EVIDENCE_LIMITS } from './limits'

export type NormalisedFile = { kind: EvidenceKind; mime: string; content: Uint8Array; width: number | null; height: number | null }

export type NormaliseProblem = 'empty' | 'tooLarge' | 'notAllowed' | 'unreadable' | 'busy'

export type NormaliseResult = { ok: true; file: NormalisedFile } | { ok: false; problem: NormaliseProblem }

export async function normaliseUpload(content: Uint8Array): Promise<NormaliseResult> {
  if (content.byteLength === 0) return { ok: false, problem: 'empty' }
  if (content.byteLength > EVIDENCE_LIMITS.fileBytes) return { ok: false, problem: 'tooLarge' }
  const format = sniffEvidenceFormat(content)
  if (!format) return { ok: false, problem: 'notAllowed' }
  if (format === 'pdf') return { ok: true, file: { kind: 'pdf', mime: 'application/pdf', content, width: null, height: null } }
  const outcome = await runInWorker<ImageOutcome>({
    entry: 'app/workers/evidenceImage.worker.ts',
    input: { content },
    timeLimitMs: EVIDENCE_LIMITS.imageTimeLimitMs,
    memoryMb: 512,
  })
  if (!outcome.ok) return { ok: false, problem: outcome.reason === 'busy' ? 'busy' : 'unreadable' }
  if (!outcome.value.ok) return { ok: false, problem: 'unreadable' }
  const { width, height } = outcome.value
  return { ok: true, file: { kind: 'image', mime: 'image/jpeg', content: outcome.value.content, width, height } }
}
