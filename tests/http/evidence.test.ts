// 佐证材料 against the built server: a cadre attaches a phone photo to an order's answer with a plain multipart form,
// it is listed on the order page and served — rewritten, without EXIF — only to those who may see the order; an
// oversized file or a renamed program is refused with a Chinese message that does not repeat what was sent; the
// uploader withdraws it and it is gone. Every step is audited.
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { phonePhotoWithGps, renamedExe, tinyPdf } from '../support/evidenceImages'
import { useDemoServer } from '../support/factories'
import type { Browser } from '../support/server'

const demo = useDemoServer()
const { query, signedIn, villages } = demo

const orderOf = (village: string) =>
  query<{ id: number }>('select id from rectification_orders where village_id = ? order by id limit 1', villages.get(village))[0].id

function upload(browser: Browser, url: string, file: { content: Uint8Array; name: string; type: string }, caption = '') {
  const form = new FormData()
  form.append('file', new Blob([file.content as Uint8Array<ArrayBuffer>], { type: file.type }), file.name)
  form.append('caption', caption)
  return browser.request(url, { method: 'POST', body: form })
}

describe('a photo on an order’s answer', () => {
  it('is uploaded by the village’s cadre, listed on the order page, and served rewritten to those who may see it', async () => {
    const cadre = await signedIn('hongxing')
    const orderId = orderOf('红星村')
    const villageId = villages.get('红星村')
    const res = await upload(
      cadre,
      `/evidence?record=orderAnswer&id=${orderId}`,
      { content: await phonePhotoWithGps(), name: 'IMG_2041.JPG', type: 'image/jpeg' },
      '重新入户后的现场照片',
    )
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/villages/${villageId}/orders/${orderId}?evidence=uploaded#evidence`)

    const page = await (await cadre.get(`/villages/${villageId}/orders/${orderId}?evidence=uploaded`)).text()
    expect(page).toContain('佐证材料（1）')
    expect(page).toContain('佐证材料已上传。')
    expect(page).toContain('重新入户后的现场照片')
    const [row] = query<{ id: number; sha256: string; width: number; height: number }>(
      "select id, sha256, width, height from evidence_files where record_type = 'orderAnswer' and record_id = ?",
      orderId,
    )
    expect(page).toContain(`href="/evidence/${row.id}"`)
    expect([row.width, row.height]).toEqual([1067, 1600])

    const file = await cadre.get(`/evidence/${row.id}`)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('image/jpeg')
    expect(file.headers.get('x-content-type-options')).toBe('nosniff') // server.ts, on every response
    expect(file.headers.get('cache-control')).toBe('private, no-cache')
    expect(file.headers.get('etag')).toBe(`"${row.sha256}"`)
    expect(file.headers.get('content-disposition')).toBe(`inline; filename="evidence-${row.id}.jpg"; filename*=UTF-8''IMG_2041.jpg`)
    const served = await sharp(Buffer.from(await file.arrayBuffer())).metadata()
    expect(served).toMatchObject({ format: 'jpeg', width: 1067, height: 1600 })
    expect(served.exif).toBeUndefined()
    // the browser's cached copy is still good: 304, no bytes
    const again = await cadre.request(`/evidence/${row.id}`, { headers: { 'if-none-match': `"${row.sha256}"` } })
    expect(again.status).toBe(304)

    // the township sees it; another village's cadre and a stranger do not
    expect((await (await signedIn('inspector')).get(`/evidence/${row.id}`)).status).toBe(200)
    expect((await (await signedIn('dongfeng')).get(`/evidence/${row.id}`)).status).toBe(403)
    const anonymous = await fetch(`${demo.server.url}/evidence/${row.id}`, { redirect: 'manual' })
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('location')).toMatch(/^\/login/)
    expect(query('select action from audit_log where entity_type = ? and entity_id = ?', 'evidence', row.id)).toEqual([{ action: 'evidence.attach' }])
  })

  it('refuses another village’s cadre and the inspector an upload, and stores nothing', async () => {
    const orderId = orderOf('红星村')
    const before = demo.count('evidence_files')
    for (const who of ['dongfeng', 'inspector']) {
      const res = await upload(await signedIn(who), `/evidence?record=orderAnswer&id=${orderId}`, {
        content: tinyPdf(),
        name: 'a.pdf',
        type: 'application/pdf',
      })
      expect(res.status, who).toBe(403)
    }
    expect(demo.count('evidence_files')).toBe(before)
  })

  it('refuses a file over 10 MB with 413 and a Chinese message, whether the body or only the file is too large', async () => {
    const cadre = await signedIn('hongxing')
    const url = `/evidence?record=orderAnswer&id=${orderOf('红星村')}`
    const before = demo.count('evidence_files')
    // the file over its 10 MB, the body within the server's cap: the upload's own refusal, as a page
    const justOver = Buffer.concat([tinyPdf(), Buffer.alloc(10 * 1024 * 1024, 0x20)])
    const page = await upload(cadre, url, { content: justOver, name: '大文件.pdf', type: 'application/pdf' })
    expect(page.status).toBe(413)
    const text = await page.text()
    expect(text).toContain('文件超过10MB的上限，未予保存')
    expect(text).not.toContain('大文件')
    // the whole body over the cap: refused by the server before a byte of it is read
    const body = await upload(cadre, url, { content: Buffer.alloc(11 * 1024 * 1024, 0x20), name: 'huge.pdf', type: 'application/pdf' })
    expect(body.status).toBe(413)
    expect(await body.text()).toContain('上传的文件超过10MB的上限')
    expect(demo.count('evidence_files')).toBe(before)
  })

  it('refuses a program renamed as a photo, whatever its name and type say, without repeating them', async () => {
    const cadre = await signedIn('hongxing')
    const res = await upload(cadre, `/evidence?record=orderAnswer&id=${orderOf('红星村')}`, {
      content: renamedExe(),
      name: '<b>现场</b>.jpg',
      type: 'image/jpeg',
    })
    expect(res.status).toBe(415)
    const text = await res.text()
    expect(text).toContain('只能上传照片（JPG、PNG、WebP、HEIC）或PDF扫描件')
    expect(text).not.toContain('现场')
    expect(text).toContain(`href="/villages/${villages.get('红星村')}/orders/${orderOf('红星村')}"`)
  })

  it('is withdrawn by its uploader (not by another cadre), is no longer listed or served, and the withdrawal is audited', async () => {
    const cadre = await signedIn('hongxing')
    const orderId = orderOf('红星村')
    const villageId = villages.get('红星村')
    expect(
      (await upload(cadre, `/evidence?record=orderAnswer&id=${orderId}`, { content: tinyPdf(), name: '整改台账.pdf', type: 'application/pdf' })).status,
    ).toBe(302)
    const [row] = query<{ id: number }>("select id from evidence_files where record_id = ? and original_name = '整改台账.pdf'", orderId)
    expect((await (await signedIn('dongfeng')).post(`/evidence/${row.id}`, { intent: 'withdraw' })).status).toBe(403)
    const res = await cadre.post(`/evidence/${row.id}`, { intent: 'withdraw' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/villages/${villageId}/orders/${orderId}?evidence=withdrawn#evidence`)
    expect((await cadre.get(`/evidence/${row.id}`)).status).toBe(404)
    const page = await (await cadre.get(`/villages/${villageId}/orders/${orderId}`)).text()
    expect(page).not.toContain('整改台账.pdf')
    expect(
      query<{ action: string }>('select action from audit_log where entity_type = ? and entity_id = ? order by id', 'evidence', row.id).map((a) => a.action),
    ).toEqual(['evidence.attach', 'evidence.withdraw'])
  })
})

describe('the checklist item’s page', () => {
  it('shows the item and takes its evidence; another village’s cadre gets 403', async () => {
    const villageId = villages.get('东风村')
    const [item] = query<{ id: number }>('select id from checklist_items where village_id = ? order by id limit 1', villageId)
    const cadre = await signedIn('dongfeng')
    const page = await (await cadre.get(`/villages/${villageId}/checklist/${item.id}`)).text()
    expect(page).toContain('完成情况')
    expect(page).toContain('上传佐证材料')
    expect(page).toMatch(/<input[^>]*type="file"[^>]*accept="image\/\*,application\/pdf"[^>]*capture="environment"/)
    expect(
      (await upload(cadre, `/evidence?record=checklistItem&id=${item.id}`, { content: tinyPdf(), name: '会议记录.pdf', type: 'application/pdf' })).headers.get(
        'location',
      ),
    ).toBe(`/villages/${villageId}/checklist/${item.id}?evidence=uploaded#evidence`)
    expect(await (await cadre.get(`/villages/${villageId}/checklist/${item.id}`)).text()).toContain('会议记录.pdf')
    expect((await (await signedIn('hongxing')).get(`/villages/${villageId}/checklist/${item.id}`)).status).toBe(403)
  })
})

describe('a problem’s rectification and a home visit', () => {
  it('take evidence on their own pages: the problem’s page and the reviewed household’s page', async () => {
    const villageId = villages.get('王家庄村')
    const cadre = await signedIn('wangjiazhuang')
    const [problem] = query<{ id: number }>("select id from problems where village_id = ? and status != 'verified' order by id limit 1", villageId)
    const upload1 = await upload(cadre, `/evidence?record=problemRectification&id=${problem.id}`, {
      content: tinyPdf(),
      name: '整改说明.pdf',
      type: 'application/pdf',
    })
    expect(upload1.headers.get('location')).toBe(`/villages/${villageId}/problems/${problem.id}?evidence=uploaded#evidence`)
    expect(await (await cadre.get(`/villages/${villageId}/problems/${problem.id}`)).text()).toContain('整改说明.pdf')

    const [review] = query<{ id: number; household_id: number }>(
      'select id, household_id from household_reviews where village_id = ? order by id limit 1',
      villageId,
    )
    const upload2 = await upload(cadre, `/evidence?record=homeVisit&id=${review.id}`, { content: tinyPdf(), name: '入户调查表.pdf', type: 'application/pdf' })
    expect(upload2.headers.get('location')).toBe(`/villages/${villageId}/households/${review.household_id}?evidence=uploaded#evidence`)
    const household = await (await cadre.get(`/villages/${villageId}/households/${review.household_id}`)).text()
    expect(household).toContain('入户调查表.pdf')
    expect(household).toContain('上传佐证材料')
  })
})
