// 佐证材料 on a cheap phone with JavaScript off: the village's cadre opens the rectification order, takes a photo
// (here: picks one, as the camera would hand it over), adds a caption, uploads it, and finds it listed under the
// order's answer; opening it shows the photo.
import Database from 'better-sqlite3'
import { phonePhotoWithGps } from '../support/evidenceImages'
import { expect, expectAccessible, pageScrollWidth, signIn, test, villageIdOf } from './support'

test.use({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true, javaScriptEnabled: false })

/** The open rectification order of a village, from the server's database (the demo's 红星村 has one). */
function orderOf(villageId: number): number {
  const db = new Database(process.env.ZGT_E2E_DATABASE!, { readonly: true })
  try {
    return (db.prepare('select id from rectification_orders where village_id = ? order by id limit 1').get(villageId) as { id: number }).id
  } finally {
    db.close()
  }
}

test.describe('佐证材料（手机，无JavaScript）', () => {
  test('村干部为整改情况拍照上传佐证材料，上传后在整改单上看到它', async ({ page }) => {
    await signIn(page, 'hongxing')
    await expect(page.getByRole('heading', { level: 1, name: /红星村/ })).toBeVisible()
    const villageId = villageIdOf(page.url())
    await page.goto(`/villages/${villageId}/orders/${orderOf(villageId)}`)
    await expect(page.getByRole('heading', { level: 1, name: /责令整改/ })).toBeVisible()

    const panel = page.getByRole('region', { name: /佐证材料/ })
    await expect(panel.getByText('暂无佐证材料。')).toBeVisible()
    const file = panel.getByLabel('照片或扫描件')
    await expect(file).toHaveAttribute('accept', 'image/*,application/pdf')
    await expect(file).toHaveAttribute('capture', 'environment')
    await file.setInputFiles({ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: await phonePhotoWithGps() })
    await panel.getByLabel('说明（可不填）').fill('重新入户核查后的现场照片')
    expect(await pageScrollWidth(page)).toBeLessThanOrEqual(360)
    await panel.getByRole('button', { name: '上传' }).click()

    await expect(page.getByRole('status')).toContainText('佐证材料已上传。')
    const listed = page.getByRole('region', { name: '佐证材料（1）' })
    await expect(listed.getByRole('link', { name: '查看佐证材料：重新入户核查后的现场照片' })).toBeVisible()
    await expect(listed.getByText('照片 · ')).toContainText('1067×1600')
    await expectAccessible(page, '整改单（已上传佐证材料，360像素）')

    const photo = await page.request.get((await listed.getByRole('link', { name: /重新入户核查后的现场照片/ }).getAttribute('href'))!)
    expect(photo.status()).toBe(200)
    expect(photo.headers()['content-type']).toBe('image/jpeg')
  })
})
