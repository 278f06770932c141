// Test photos and scans for 佐证材料, made in the test (no binaries committed): a phone photo with its GPS position
// and a sideways orientation in EXIF, a small PNG, a tiny PDF, an .exe renamed as a photo.
import sharp from 'sharp'

/** A 3000×2000 JPEG as a phone writes it: EXIF with a GPS position (清河镇-ish) and Orientation 6 (turn 90° to view). */
export async function phonePhotoWithGps(colour = '#3a7'): Promise<Buffer> {
  return sharp({ create: { width: 3000, height: 2000, channels: 3, background: colour } })
    .jpeg({ quality: 70 })
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'EvidenceCam' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '36/1 30/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '117/1 0/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer()
}

export async function smallPng(): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 200, g: 0, b: 0, alpha: 0.5 } } })
    .png()
    .toBuffer()
}

/** A one-page PDF, as a scanner's software writes the header. */
export function tinyPdf(): Buffer {
  return Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    'latin1',
  )
}

/** A Windows program (MZ header) with a photo's name. */
export function renamedExe(): Buffer {
  const exe = Buffer.alloc(512, 0)
  exe.write('MZ', 0, 'latin1')
  exe.write('This program cannot be run in DOS mode.', 78, 'latin1')
  return exe
}
