// 家庭成员 over HTTP on the built server, without JavaScript: the household's review page shows the member table
// (ID numbers masked) and links to the members page; the village's cadre edits there with one fieldset a member and
// a visible label on every field, saves, is told what is wrong on the field, and a stale form answers 409; a leader
// only sees the table; the related official of a filed household gets no form and a post is refused. The import
// page says when a roster lists one row per member.
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { useDemoServer } from '../support/factories'
import { MEMBER_ROSTER_FIXTURE } from '../support/memberRoster'

const demo = useDemoServer()
const { villages, signedIn } = demo

function household(village: string) {
  const [row] = demo.query<{ id: number; head_name: string; id_number: string; version: number; member_count: number }>(
    'select id, head_name, id_number, version, member_count from households where village_id = ? and near_relative_filing = 0 and member_count >= 2 order by id limit 1',
    villages.get(village),
  )
  return row
}
const membersPath = (village: string, id: number) => `/villages/${villages.get(village)}/households/${id}/members`

function form(entries: Array<[string, string]>) {
  return { method: 'POST', body: new URLSearchParams(entries), headers: { 'content-type': 'application/x-www-form-urlencoded' } }
}

/** The stored members as the form posts them back (ID fields left empty: the stored numbers stay). */
function storedRows(householdId: number): Array<[string, string]> {
  const members = demo.query<{ id: number; name: string; relation: string; covered: number; health: string; disability: string; work_status: string }>(
    'select id, name, relation, covered, health, disability, work_status from household_members where household_id = ? order by position',
    householdId,
  )
  return members.flatMap((m, i) => [
    [`members[${i}].id`, String(m.id)],
    [`members[${i}].name`, m.name],
    [`members[${i}].relation`, m.relation],
    [`members[${i}].idNumber`, ''],
    ...(m.covered ? ([[`members[${i}].covered`, 'on']] as Array<[string, string]>) : []),
    [`members[${i}].health`, m.health],
    [`members[${i}].disability`, m.disability],
    [`members[${i}].workStatus`, m.work_status],
  ])
}

describe('the members of a household', () => {
  it('shows the member table on the household’s page with masked ID numbers and a link to edit', async () => {
    const h = household('柳树屯村')
    const html = await (await (await signedIn('liushutun')).get(`/villages/${villages.get('柳树屯村')}/households/${h.id}`)).text()
    expect(html).toMatch(new RegExp(`家庭成员（${h.member_count}人，保障\\d+人）`))
    expect(html).toContain('编辑家庭成员')
    expect(html).not.toContain(h.id_number)
    expect(html).toContain(`${h.id_number.slice(0, 4)}**********${h.id_number.slice(-4)}`)
  })

  it('gives the cadre one fieldset a member, a label on every field, two blank members and the save button', async () => {
    const h = household('柳树屯村')
    const res = await (await signedIn('liushutun')).get(membersPath('柳树屯村', h.id))
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<legend class="font-medium">成员 1（户主）</legend>')
    expect(html.match(/<fieldset/g)).toHaveLength(h.member_count + 2)
    for (const label of ['姓名', '与户主关系', '身份证号', '是否纳入保障', '健康状况', '残疾情况', '劳动(就业)状况'])
      expect(
        html.match(new RegExp(`<label[^>]*for="[^"]+"[^>]*>(<input[^>]*>)?(<span>)?${label.replace(/[()]/g, '\\$&')}<`, 'g'))?.length ?? 0,
        label,
      ).toBeGreaterThanOrEqual(h.member_count + 2)
    expect(html).toContain('>删除<')
    expect(html).toContain('保存家庭成员')
    expect(html).not.toContain(h.id_number)
  })

  it('saves a new member, counts follow, and says what is wrong on the field', async () => {
    const h = household('柳树屯村')
    const cadre = await signedIn('liushutun')
    const rows = storedRows(h.id)
    const n = h.member_count
    const bad = await cadre.request(
      membersPath('柳树屯村', h.id),
      form([
        ['version', String(h.version)],
        ...rows,
        [`members[${n}].name`, '新生儿'],
        [`members[${n}].relation`, 'grandchild'],
        [`members[${n}].idNumber`, '110105194912310020'],
      ]),
    )
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('身份证号有误：校验位不对，请逐位核对')
    const res = await cadre.request(
      membersPath('柳树屯村', h.id),
      form([
        ['version', String(h.version)],
        ...rows,
        [`members[${n}].name`, '新生儿'],
        [`members[${n}].relation`, 'grandchild'],
        [`members[${n}].covered`, 'on'],
      ]),
    )
    expect(res.status).toBe(302)
    const [after] = demo.query<{ member_count: number; version: number }>('select member_count, version from households where id = ?', h.id)
    expect(after).toEqual({ member_count: n + 1, version: h.version + 1 })
    const page = await (await cadre.get(`${membersPath('柳树屯村', h.id)}?saved=1`)).text()
    expect(page).toContain('家庭成员已保存。')
    expect(page).toContain('新生儿')
  })

  it('answers a stale form with 409 and the members now stored', async () => {
    const h = household('柳树屯村')
    const res = await (await signedIn('liushutun')).request(membersPath('柳树屯村', h.id), form([['version', String(h.version - 1)], ...storedRows(h.id)]))
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('已有其他人保存了这户的家庭成员')
  })

  it('lets a leader see the members but not edit them', async () => {
    const h = household('河西村')
    const leader = await signedIn('leader')
    const html = await (await leader.get(membersPath('河西村', h.id))).text()
    expect(html).not.toContain('保存家庭成员')
    expect(html).toContain('只有本村(居)干部')
    const before = demo.count('audit_log')
    expect((await leader.request(membersPath('河西村', h.id), form([['version', String(h.version)], ...storedRows(h.id)]))).status).toBe(403)
    expect(demo.count('audit_log')).toBe(before)
  })

  it('gives the related official of a filed household no form and refuses their post', async () => {
    const [own] = demo.query<{ id: number; version: number }>(
      'select id, version from households where village_id = ? and near_relative_official_user_id = ?',
      villages.get('东风村'),
      demo.users.get('dongfeng'),
    )
    const cadre = await signedIn('dongfeng')
    const html = await (await cadre.get(membersPath('东风村', own.id))).text()
    expect(html).not.toContain('保存家庭成员')
    const before = demo.count('audit_log')
    expect((await cadre.request(membersPath('东风村', own.id), form([['version', String(own.version)], ...storedRows(own.id)]))).status).toBe(403)
    expect(demo.count('audit_log')).toBe(before)
  })
})

describe('importing a roster of family members', () => {
  it('says in the preview that it found one row per member and how it grouped them', async () => {
    const upload = new FormData()
    upload.append('file', new Blob([new Uint8Array(fs.readFileSync(MEMBER_ROSTER_FIXTURE))]), 'roster-members-qinghe.xlsx')
    const admin = await signedIn('admin')
    const res = await admin.request('/import', { method: 'POST', body: upload })
    expect(res.status).toBe(302)
    const html = await (await admin.get(res.headers.get('location') ?? '')).text()
    expect(html).toContain('检测到：每行一名家庭成员，按户主身份证号归为2户（共6名成员）')
    expect(html).toContain('无法归户：户编号（或户主身份证号）为空')
  })
})
