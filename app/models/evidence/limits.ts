// The bounds of 佐证材料, shared by the server's body cap (app/utils/requestLimits.ts), the model and the page text.
// Why these figures: docs/decisions/014-evidence-files.md.
import { MAX_EVIDENCE_FILE_BYTES } from '../../utils/requestLimits'

export const EVIDENCE_LIMITS = {
  /** one file: a phone photo is 2–8 MB, a scanned page or two of PDF well under it */
  fileBytes: MAX_EVIDENCE_FILE_BYTES,
  /** attachments kept on one record: enough for before/after photos and a scan, few enough to read on a phone */
  perRecord: 12,
  /** characters of a caption (说明) */
  captionLength: 200,
  /** characters of the device's file name kept for display */
  nameLength: 100,
  /** a photo's decode, resize and re-encode, waiting for a worker included */
  imageTimeLimitMs: 30_000,
} as const
