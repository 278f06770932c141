// 佐证材料 in the model: photos rewritten (upright, within 1600 px, EXIF and its GPS position gone), PDFs kept as
// uploaded, anything else refused by its bytes whatever its name, bytes kept once per hash (a file beside the SQLite
// database, or evidence_blobs on PostgreSQL), withdrawal by the uploader or a township administrator, all audited.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { evidenceCounts } from '../../app/models/evidence/counts.server'
import { attachEvidence, openEvidence, withdrawEvidence, type EvidenceViewer } from '../../app/models/evidence/evidence.server'
import { evidencePanelData } from '../../app/models/evidence/panel.server'
import { evidenceTarget, type EvidenceTarget } from '../../app/models/evidence/records.server'
import { evidenceFolderOf, sha256Hex } from '../../app/models/evidence/storage.server'
import { backupDatabase, evidenceBackupFolder, restoreDatabase } from '../../db/backup'
import { evidencePathIn } from '../../db/evidenceFolder'
import type { EvidenceRecordType } from '../../workflows/rules/vocabulary'
import { TEST_DIALECT } from '../support/database'
import { DEMO_AT } from '../support/demo'
import { auditRows, countRows, createTestProblem, useDemoDatabase } from '../support/factories'
import { phonePhotoWithGps, renamedExe, smallPng, tinyPdf } from '../support/evidenceImages'

const t = useDemoDatabase()

async function target(recordType: EvidenceRecordType, recordId: number): Promise<EvidenceTarget> {
  const found = await evidenceTarget(t.db, recordType, recordId)
  if (!found) throw new Error(`no ${recordType} ${recordId}`)
  return found
}

async function orderOf(villageName: string): Promise<number> {
  const row = await t.db
    .selectFrom('rectification_orders')
    .select('id')
    .where('village_id', '=', t.village(villageName))
    .orderBy('id')
    .executeTakeFirstOrThrow()
  return row.id
}

async function checklistItemOf(villageName: string, n = 0): Promise<number> {
  const rows = await t.db.selectFrom('checklist_items').select('id').where('village_id', '=', t.village(villageName)).orderBy('id').execute()
  return rows[n].id
}

const attach = (on: EvidenceTarget, content: Uint8Array, user: string, name = 'IMG_0001.jpg', caption: string | null = null) =>
  attachEvidence(t.db, { target: on, file: { name, content }, caption, actor: { ...t.actor(user), ip: '10.0.0.1' } })

const viewer = (username: string, role: EvidenceViewer['role']): EvidenceViewer => ({ userId: t.userId(username), role, townshipId: t.townshipId })

describe('a photo attached to an order’s answer', () => {
  it('is kept upright, within 1600 px, as a JPEG without the phone’s EXIF (no GPS position), and audited', async () => {
    const photo = await phonePhotoWithGps()
    // the fixture does carry a GPS position: EXIF with the GPS IFD pointer (tag 0x8825)
    const before = await sharp(photo).metadata()
    expect(before.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true)
    expect(before.orientation).toBe(6)

    const on = await target('orderAnswer', await orderOf('红星村'))
    const result = await attach(on, photo, 'hongxing', 'C:\\fakepath\\IMG_0001.JPG', '整改后现场照片')
    expect(result).toMatchObject({ ok: true, duplicate: false })
    if (!result.ok) return
    const row = await t.db.selectFrom('evidence_files').selectAll().where('id', '=', result.id).executeTakeFirstOrThrow()
    // 3000×2000 turned by Orientation 6 is 2000×3000, fitted within 1600: 1067×1600
    expect(row).toMatchObject({ kind: 'image', mime: 'image/jpeg', width: 1067, height: 1600, original_name: 'IMG_0001.JPG', caption: '整改后现场照片' })

    const file = await openEvidence(t.db, { evidenceId: result.id, villageId: t.village('红星村') })
    expect(file).not.toBeNull()
    const stored = await sharp(Buffer.from(file!.content)).metadata()
    expect(stored).toMatchObject({ format: 'jpeg', width: 1067, height: 1600 })
    expect(stored.exif).toBeUndefined()
    expect(stored.orientation).toBeUndefined()
    expect(file!.sha256).toBe(sha256Hex(file!.content))
    expect(row.byte_size).toBe(file!.content.byteLength)

    const audit = await auditRows(t.db, 'evidence', result.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'evidence.attach', actor_user_id: t.userId('hongxing'), village_id: t.village('红星村') })
    expect(JSON.parse(audit[0].after!)).toMatchObject({ attachedTo: '责令整改的整改情况', fileName: 'IMG_0001.JPG', caption: '整改后现场照片' })
  })

  it('is not served to another village, and the order page’s counts show it', async () => {
    const orderId = await orderOf('红星村')
    const [row] = await t.db.selectFrom('evidence_files').select('id').where('record_id', '=', orderId).where('record_type', '=', 'orderAnswer').execute()
    expect(await openEvidence(t.db, { evidenceId: row.id, villageId: t.village('东风村') })).toBeNull()
    expect((await evidenceCounts(t.db, 'orderAnswer', [orderId, 999_999])).get(orderId)).toBe(1)
    expect((await evidenceCounts(t.db, 'orderAnswer', [999_999])).size).toBe(0)
  })
})

describe('what is accepted', () => {
  it('refuses an .exe renamed as a photo by its bytes, and stores nothing', async () => {
    const on = await target('checklistItem', await checklistItemOf('东风村'))
    const rows = await countRows(t.db, 'evidence_files')
    expect(await attach(on, renamedExe(), 'dongfeng', '现场照片.jpg')).toEqual({ ok: false, problem: 'notAllowed' })
    expect(await attach(on, new Uint8Array(0), 'dongfeng')).toEqual({ ok: false, problem: 'empty' })
    // a JPEG's first bytes and nothing a decoder can read
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)])
    expect(await attach(on, broken, 'dongfeng')).toEqual({ ok: false, problem: 'unreadable' })
    expect(await countRows(t.db, 'evidence_files')).toBe(rows)
  })

  it('keeps a PDF exactly as uploaded, and a PNG as a JPEG', async () => {
    const on = await target('checklistItem', await checklistItemOf('东风村'))
    const pdf = tinyPdf()
    const first = await attach(on, pdf, 'dongfeng', '会议记录.pdf')
    expect(first).toMatchObject({ ok: true })
    if (!first.ok) return
    const served = await openEvidence(t.db, { evidenceId: first.id, villageId: t.village('东风村') })
    expect(served).toMatchObject({ mime: 'application/pdf', sha256: sha256Hex(pdf), fileName: '会议记录.pdf' })
    expect(Buffer.from(served!.content).equals(pdf)).toBe(true)

    const png = await attach(on, await smallPng(), 'dongfeng', 'scan.png')
    expect(png).toMatchObject({ ok: true })
    if (!png.ok) return
    const row = await t.db.selectFrom('evidence_files').selectAll().where('id', '=', png.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ kind: 'image', mime: 'image/jpeg', width: 40, height: 30 })
    expect((await openEvidence(t.db, { evidenceId: png.id, villageId: t.village('东风村') }))?.fileName).toBe('scan.jpg')
  })

  it('refuses a caption over 200 characters', async () => {
    const on = await target('checklistItem', await checklistItemOf('东风村'))
    expect(await attach(on, tinyPdf(), 'dongfeng', 'a.pdf', '长'.repeat(201))).toEqual({ ok: false, problem: 'captionTooLong' })
  })
})

describe('bytes kept once per hash', () => {
  it('one attachment for the same bytes twice on a record, two rows over one stored copy on two records', async () => {
    const photo = await phonePhotoWithGps('#a37')
    const first = await target('checklistItem', await checklistItemOf('河西村', 0))
    const second = await target('checklistItem', await checklistItemOf('河西村', 1))
    const a = await attach(first, photo, 'hexi')
    const again = await attach(first, photo, 'hexi', 'IMG_0001 (1).jpg')
    const b = await attach(second, photo, 'hexi')
    expect(a).toMatchObject({ ok: true, duplicate: false })
    expect(again).toEqual({ ok: true, id: a.ok ? a.id : -1, duplicate: true })
    expect(b).toMatchObject({ ok: true, duplicate: false })
    const rows = await t.db
      .selectFrom('evidence_files')
      .select(['id', 'sha256'])
      .where('record_type', '=', 'checklistItem')
      .where('village_id', '=', t.village('河西村'))
      .execute()
    expect(rows).toHaveLength(2)
    expect(rows[0].sha256).toBe(rows[1].sha256)
    if (TEST_DIALECT === 'postgres') {
      const blobs = await t.db.selectFrom('evidence_blobs').select('sha256').where('sha256', '=', rows[0].sha256).execute()
      expect(blobs).toHaveLength(1)
    } else {
      // beside the database file, under the hash's first two hex digits; nothing left half-written
      const folder = await evidenceFolderOf(t.db)
      expect(folder).toBe(path.join(path.dirname(t.url), 'evidence'))
      const file = evidencePathIn(folder, rows[0].sha256)
      expect(fs.existsSync(file)).toBe(true)
      expect(fs.readdirSync(path.dirname(file)).filter((f) => f.endsWith('.tmp'))).toEqual([])
    }
  })
})

describe('withdrawing an attachment', () => {
  it('only its uploader or a township administrator may; it is no longer listed, counted nor served; audited', async () => {
    const { id: problemId } = await createTestProblem(t, { villageId: t.village('南关社区'), actor: t.actor('nanguan') })
    const on = await target('problemRectification', problemId)
    const first = await attach(on, tinyPdf(), 'nanguan', '整改台账.pdf')
    const second = await attach(on, await smallPng(), 'nanguan', 'after.png')
    if (!first.ok || !second.ok) throw new Error('not attached')
    const villageId = t.village('南关社区')

    expect(await withdrawEvidence(t.db, { evidenceId: first.id, villageId, viewer: viewer('leader', 'leader'), at: DEMO_AT })).toEqual({
      ok: false,
      kind: 'notAllowed',
    })
    expect(await withdrawEvidence(t.db, { evidenceId: first.id, villageId: t.village('东风村'), viewer: viewer('nanguan', 'cadre'), at: DEMO_AT })).toEqual({
      ok: false,
      kind: 'notFound',
    })
    expect(await withdrawEvidence(t.db, { evidenceId: first.id, villageId, viewer: viewer('nanguan', 'cadre'), at: DEMO_AT })).toEqual({
      ok: true,
      pagePath: `/villages/${villageId}/problems/${problemId}`,
    })
    expect(await withdrawEvidence(t.db, { evidenceId: second.id, villageId, viewer: viewer('admin', 'admin'), at: DEMO_AT })).toMatchObject({ ok: true })
    // twice: nothing more
    expect(await withdrawEvidence(t.db, { evidenceId: second.id, villageId, viewer: viewer('admin', 'admin'), at: DEMO_AT })).toEqual({
      ok: false,
      kind: 'notFound',
    })

    expect(await openEvidence(t.db, { evidenceId: first.id, villageId })).toBeNull()
    expect((await evidenceCounts(t.db, 'problemRectification', [problemId])).get(problemId)).toBeUndefined()
    const panel = await evidencePanelData(t.db, {
      recordType: 'problemRectification',
      recordId: problemId,
      villageId,
      viewer: viewer('nanguan', 'cadre'),
      mayUpload: true,
    })
    expect(panel?.items).toEqual([])
    const audit = await auditRows(t.db, 'evidence', first.id)
    expect(audit.map((a) => a.action)).toEqual(['evidence.attach', 'evidence.withdraw'])
    expect(audit[1].actor_user_id).toBe(t.userId('nanguan'))
  })

  it('a verified (销号) problem takes no more evidence, and its uploader can no longer withdraw it', async () => {
    const { id: problemId } = await createTestProblem(t, { villageId: t.village('王家庄村'), actor: t.actor('wangjiazhuang') })
    const attached = await attach(await target('problemRectification', problemId), tinyPdf(), 'wangjiazhuang')
    if (!attached.ok) throw new Error('not attached')
    await t.db.updateTable('problems').set({ status: 'verified' }).where('id', '=', problemId).execute()
    const closed = await target('problemRectification', problemId)
    expect(closed.closed).toBe(true)
    expect(await attach(closed, await smallPng(), 'wangjiazhuang')).toEqual({ ok: false, problem: 'closed' })
    const villageId = t.village('王家庄村')
    expect(await withdrawEvidence(t.db, { evidenceId: attached.id, villageId, viewer: viewer('wangjiazhuang', 'cadre'), at: DEMO_AT })).toEqual({
      ok: false,
      kind: 'notAllowed',
    })
  })

  it('a record takes at most 12 attachments', async () => {
    const on = await target('checklistItem', await checklistItemOf('河东村'))
    for (let i = 0; i < 12; i++) {
      const pdf = Buffer.concat([tinyPdf(), Buffer.from(`%${i}\n`)])
      expect(await attach(on, pdf, 'hedong', `${i}.pdf`)).toMatchObject({ ok: true })
    }
    expect(await attach(on, tinyPdf(), 'hedong')).toEqual({ ok: false, problem: 'full' })
  })
})

describe('backup and restore', () => {
  // `npm run backup` is SQLite's; on PostgreSQL the bytes are rows of evidence_blobs and go with pg_dump (README).
  // Each dialect checks what it really does — nothing is skipped.
  if (TEST_DIALECT === 'postgres') {
    it('every attachment’s bytes are a row of evidence_blobs, so pg_dump carries them', async () => {
      const named = await t.db.selectFrom('evidence_files').select('sha256').distinct().execute()
      const kept = await t.db.selectFrom('evidence_blobs').select(['sha256', 'content']).execute()
      expect(named.length).toBeGreaterThan(0)
      for (const { sha256 } of named) {
        const blob = kept.find((k) => k.sha256 === sha256)
        expect(blob && sha256Hex(new Uint8Array(blob.content))).toBe(sha256)
      }
    })
    return
  }

  it('the backup carries the evidence files beside it, checked by hash, and the restore puts them back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zgt-evidence-backup-'))
    try {
      const backup = path.join(dir, 'backup.db')
      const { evidenceFiles } = await backupDatabase(t.url, backup)
      const hashes = (await t.db.selectFrom('evidence_files').select('sha256').distinct().execute()).map((r) => r.sha256)
      expect(evidenceFiles).toBe(hashes.length)
      for (const sha of hashes) expect(sha256Hex(fs.readFileSync(evidencePathIn(evidenceBackupFolder(backup), sha)))).toBe(sha)

      // the live folder lost: the restore brings every file back
      const live = await evidenceFolderOf(t.db)
      fs.rmSync(live, { recursive: true, force: true })
      await restoreDatabase(backup, t.url)
      for (const sha of hashes) expect(fs.existsSync(evidencePathIn(live, sha))).toBe(true)

      // a backup whose evidence folder lacks a file is refused
      fs.rmSync(evidencePathIn(evidenceBackupFolder(backup), hashes[0]))
      fs.rmSync(evidencePathIn(live, hashes[0]))
      await expect(restoreDatabase(backup, t.url)).rejects.toThrow(/佐证材料/)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
