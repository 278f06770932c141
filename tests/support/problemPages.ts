// The problem register's pages against the built server (tests/http/problems*.test.ts): a problem's row, the
// register's and a problem's paths, and problems of 红星村 registered or rectified through its forms.
import { expect } from 'vitest'
import type { DemoServer } from './factories'

export interface ProblemRow {
  id: number
  village_id: number
  household_id: number | null
  category: string
  source: string
  status: string
  description: string
  measure: string | null
  responsible_person: string | null
  deadline_on: string | null
  found_on: string
  created_by_user_id: number | null
  verified_by_user_id: number | null
  verified_at: string | null
  version: number
}

/** A problem's fields as the cadre's form sends them. */
export const FIELDS = { description: '入户调查记录缺少签字', measure: '补签并归档', responsiblePerson: '刘芳', deadlineOn: '2026-12-20' }

export function problemPages({ villages, query, signedIn }: DemoServer) {
  const problem = (id: number) => query<ProblemRow>('select * from problems where id = ?', id)[0]
  const problemsOf = (village: string) => query<ProblemRow>('select * from problems where village_id = ? order by id', villages.get(village))
  const registerPath = (village: string) => `/villages/${villages.get(village)}/problems?index`
  const problemPath = (village: string, id: number) => `/villages/${villages.get(village)}/problems/${id}`

  /** A new problem of 红星村, registered by its cadre through the form; returns its id. */
  async function registerAsHongxing(fields: Record<string, string> = {}) {
    const cadre = await signedIn('hongxing')
    const res = await cadre.post(registerPath('红星村'), {
      intent: 'register',
      category: 'irregular',
      source: 'selfInspection',
      description: '入户调查记录缺少签字',
      measure: '补签并归档',
      responsiblePerson: '刘芳',
      deadlineOn: '2026-12-20',
      ...fields,
    })
    expect(res.status).toBe(302)
    const id = Number(/created=(\d+)/.exec(res.headers.get('location')!)![1])
    return { cadre, id }
  }

  /** A problem of 红星村 its cadre has rectified, awaiting verification; returns its row. */
  async function rectifiedProblem() {
    const { cadre, id } = await registerAsHongxing()
    expect((await cadre.post(problemPath('红星村', id), { intent: 'start', version: '0', ...FIELDS })).status).toBe(302)
    expect((await cadre.post(problemPath('红星村', id), { intent: 'markRectified', version: '1', ...FIELDS })).status).toBe(302)
    const row = problem(id)
    expect(row.status).toBe('rectified')
    return row
  }

  return { problem, problemsOf, registerPath, problemPath, registerAsHongxing, rectifiedProblem }
}
