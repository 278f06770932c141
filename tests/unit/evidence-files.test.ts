// 佐证材料's pure parts: what a file is, decided from its bytes (never its name); the device's file name as shown;
// the upload's body cap.
import { describe, expect, it } from 'vitest'
import { cleanFileName } from '../../app/models/evidence/evidence.server'
import { sniffEvidenceFormat } from '../../app/models/evidence/sniff'
import { bodyLimitFor, MAX_EVIDENCE_BODY_BYTES, MAX_EVIDENCE_FILE_BYTES, MAX_FORM_BYTES, refusalText } from '../../app/utils/requestLimits'
import { fileSizeText } from '../../app/utils/format'

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat([...parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))), Buffer.alloc(16)])

describe('what an uploaded file is', () => {
  it('knows photos and scans by their first bytes', () => {
    expect(sniffEvidenceFormat(bytes([0xff, 0xd8, 0xff, 0xe1]))).toBe('jpeg')
    expect(sniffEvidenceFormat(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png')
    expect(sniffEvidenceFormat(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toBe('webp')
    expect(sniffEvidenceFormat(bytes([0, 0, 0, 0x18], 'ftypheic'))).toBe('heif')
    expect(sniffEvidenceFormat(bytes([0, 0, 0, 0x1c], 'ftypavif'))).toBe('heif')
    expect(sniffEvidenceFormat(bytes('%PDF-1.7\n'))).toBe('pdf')
  })

  it('refuses anything else, whatever it would be called: a program, a web page, an archive, an SVG, a video', () => {
    expect(sniffEvidenceFormat(bytes('MZ', [0x90, 0]))).toBeNull()
    expect(sniffEvidenceFormat(bytes('<html><script>alert(1)</script>'))).toBeNull()
    expect(sniffEvidenceFormat(bytes('PK', [3, 4]))).toBeNull()
    expect(sniffEvidenceFormat(bytes('<svg xmlns="http://www.w3.org/2000/svg">'))).toBeNull()
    expect(sniffEvidenceFormat(bytes([0, 0, 0, 0x18], 'ftypmp42'))).toBeNull()
    // a PDF header not at the start is not a PDF (a polyglot's trick)
    expect(sniffEvidenceFormat(bytes('GIF89a %PDF-1.4'))).toBeNull()
    expect(sniffEvidenceFormat(new Uint8Array([0xff, 0xd8, 0xff]))).toBeNull()
  })
})

describe('the device’s file name as shown', () => {
  it('keeps the last part of a path, without control, quote or direction characters, and never empty', () => {
    expect(cleanFileName('C:\\fakepath\\IMG_0001.JPG')).toBe('IMG_0001.JPG')
    expect(cleanFileName('../../etc/passwd')).toBe('passwd')
    expect(cleanFileName('照片"\r\n<b>.jpg')).toBe('照片b.jpg')
    expect(cleanFileName('gpj.\u202eexe.jpg')).toBe('gpj.exe.jpg')
    expect(cleanFileName('///')).toBe('佐证材料')
    expect(cleanFileName('长'.repeat(300))).toHaveLength(100)
  })
})

describe('the upload’s size', () => {
  it('caps POST /evidence at one 10 MB file and its form, every other form at 64 KB', () => {
    expect(bodyLimitFor('/evidence')).toBe(MAX_EVIDENCE_BODY_BYTES)
    expect(MAX_EVIDENCE_BODY_BYTES - MAX_EVIDENCE_FILE_BYTES).toBe(64 * 1024)
    expect(bodyLimitFor('/evidence/12')).toBe(MAX_FORM_BYTES)
    expect(refusalText('tooLarge', '/evidence')).toBe('上传的文件超过10MB的上限，未予处理。请分成几个文件上传。')
    expect(fileSizeText(MAX_EVIDENCE_FILE_BYTES)).toBe('10MB')
    expect(fileSizeText(2.45 * 1024 * 1024)).toBe('2.4MB')
    expect(fileSizeText(300)).toBe('1KB')
  })
})
