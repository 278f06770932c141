// Turning an uploaded photo into what is kept: decoded by sharp (libvips) with a pixel ceiling, turned upright by its
// EXIF orientation, fitted within EVIDENCE_IMAGE_EDGE px and written as a fresh JPEG. sharp writes no metadata unless
// asked (withMetadata/withExif), so the phone's EXIF — GPS position, device, time — does not survive. Runs inside the
// worker thread (app/workers/evidenceImage.worker.ts): a hostile or huge file costs that thread, not the server's.
import sharp from 'sharp'

/** The longest edge kept: enough to read a document or a notice board photographed on site. */
export const EVIDENCE_IMAGE_EDGE = 1600
/** Decoded pixels at most (a 48-megapixel phone photo is 48,000,000); past it sharp refuses before decoding. */
export const EVIDENCE_MAX_PIXELS = 50_000_000

export type ImageOutcome = { ok: true; content: Uint8Array; width: number; height: number } | { ok: false; problem: 'unreadable' }

// one libvips thread per worker: the worker pool already bounds how many photos are decoded at once
sharp.concurrency(1)
sharp.cache(false)

export async function rewriteImage(content: Uint8Array): Promise<ImageOutcome> {
  try {
    const { data, info } = await sharp(content, { limitInputPixels: EVIDENCE_MAX_PIXELS, failOn: 'error', pages: 1 })
      .rotate()
      .resize({ width: EVIDENCE_IMAGE_EDGE, height: EVIDENCE_IMAGE_EDGE, fit: 'inside', withoutEnlargement: true })
      // a transparent PNG becomes white paper, not black
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true })
    return { ok: true, content: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height }
  } catch {
    return { ok: false, problem: 'unreadable' }
  }
}
