// Worker thread: rewrites one uploaded photo at a time (downscaled, upright, EXIF dropped, JPEG);
// app/models/evidence/normalise.server.ts sends it with a time limit, app/utils/workers.server.ts runs the thread.
import { rewriteImage, type ImageOutcome } from '../models/evidence/image.server'

export function handle(input: { content: Uint8Array }): Promise<ImageOutcome> {
  return rewriteImage(input.content)
}
