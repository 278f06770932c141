// What an uploaded file is, decided from its first bytes — never from its name or the browser's Content-Type, both of
// which the sender writes. Pure (no I/O), so the unit tests call it directly.

export type EvidenceFormat = 'jpeg' | 'png' | 'webp' | 'heif' | 'pdf'

const startsWith = (bytes: Uint8Array, at: number, magic: readonly number[]) => magic.every((b, i) => bytes[at + i] === b)
const ascii = (bytes: Uint8Array, at: number, length: number) => String.fromCharCode(...bytes.subarray(at, at + length))

/** HEIC/HEIF/AVIF phones' photos: an ISO-BMFF `ftyp` box whose brand is one of the still-image brands. */
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis'])

/** The format, or null for anything else (an .exe renamed .jpg, an HTML page, a ZIP…). */
export function sniffEvidenceFormat(bytes: Uint8Array): EvidenceFormat | null {
  if (bytes.byteLength < 12) return null
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return 'jpeg'
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png'
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp'
  if (ascii(bytes, 4, 4) === 'ftyp' && HEIF_BRANDS.has(ascii(bytes, 8, 4))) return 'heif'
  // a PDF begins with its header (ISO 32000: "%PDF-" and the version)
  if (ascii(bytes, 0, 5) === '%PDF-') return 'pdf'
  return null
}
