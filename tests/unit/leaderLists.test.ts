// The dashboard's overdue list grouped so no serious item hides behind "显示全部", and 问题台账's filters read from a
// query string someone may have edited by hand.
import { describe, expect, it } from 'vitest'
import { ATTENTION_GROUP_LIMIT, groupAttention, parseAttentionParam } from '../../app/models/attentionGroups.server'
import type { FollowUp } from '../../app/models/campaign.server'
import { parseFollowUpQuery } from '../../app/forms/followUpList.server'
import { followUpSearch } from '../../app/utils/followUpSearch'

const item = (kind: FollowUp['kind'], id: number): FollowUp => ({
  kind,
  id,
  villageId: 1,
  villageName: '红星村',
  path: null,
  title: `事项${id}`,
  responsible: null,
  deadline: '2026-11-01',
})

describe('the attention list', () => {
  // 15 overdue problems before the one overdue order: the old list of ten hid the order
  const items = [...Array.from({ length: 15 }, (_, i) => item('problem', i + 1)), item('order', 99), item('approval', 50), item('problemSupervision', 7)]

  it('lists every order, report and 专人督办 whatever their place, and groups the rest by kind with their count', () => {
    const section = groupAttention(items, null)
    expect(section.total).toBe(18)
    expect(section.serious.map((f) => `${f.kind}-${f.id}`)).toEqual(['order-99', 'problemSupervision-7'])
    expect(section.groups.map((g) => [g.kind, g.total, g.items.length, g.expanded, g.open])).toEqual([
      ['problem', 15, ATTENTION_GROUP_LIMIT, false, false],
      ['approval', 1, 1, true, false],
    ])
  })

  it('lists a group whole, opened, when asked for it by ?attention=<kind> or all', () => {
    expect(groupAttention(items, parseAttentionParam('problem')).groups[0]).toMatchObject({ total: 15, expanded: true, open: true })
    expect(groupAttention(items, parseAttentionParam('all')).groups.every((g) => g.open && g.items.length === g.total)).toBe(true)
    expect(parseAttentionParam('order')).toBeNull()
    expect(parseAttentionParam('<script>')).toBeNull()
  })
})

describe('the follow-up list’s filters', () => {
  it('reads every filter from the query string and writes the same query back', () => {
    const q = parseFollowUpQuery(new URLSearchParams('village=3&kind=problem&category=favour&state=open&overdue=1&source=inspector&page=2'))
    expect(q).toEqual({
      filters: { villageId: 3, kind: 'problem', category: 'favour', state: 'open', overdue: true, source: 'inspector' },
      page: 2,
      townshipId: undefined,
      invalid: false,
    })
    expect(followUpSearch(q.filters, { page: q.page })).toBe('?village=3&kind=problem&category=favour&state=open&overdue=1&source=inspector&page=2')
  })

  it('treats empty fields as all, and drops a value it does not know while keeping the others', () => {
    expect(parseFollowUpQuery(new URLSearchParams('village=&kind=&overdue=')).filters).toEqual({ overdue: false })
    const q = parseFollowUpQuery(new URLSearchParams(`village=${'9'.repeat(500)}&kind=order&state=nonsense`))
    expect(q.invalid).toBe(true)
    expect(q.filters).toEqual({ kind: 'order', overdue: false })
  })
})
