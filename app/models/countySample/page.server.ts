// 县级入户抽查, what the pages load (one function per page): /county/sample (the figures, the list with its filters,
// the staff to assign) and /county/sample/households/:id (one check record), redacted by viewer — the county its
// county, a township leader their own township read-only.
import type { DB } from '../../../db/connection.server'
import { countySampleSummary, countyStaff, getSampleRecord, listSampleHouseholds, mayReadRecord } from './read.server'
import type { CountySampleSummary, SampleListFilters, SampleListRow, SampleRecord, SampleViewer } from './read.server'

export interface CountySamplePage {
  countyName: string
  /** the county administrator draws and assigns; any county user records checks; a leader only reads */
  canManage: boolean
  canCheck: boolean
  summary: CountySampleSummary | null
  townships: Array<{ id: number; name: string }>
  staff: Array<{ id: number; name: string }>
  list: { rows: SampleListRow[]; matched: number }
}

/** The county's sample page for a viewer; null when the viewer's township or county does not exist. */
export async function getCountySamplePage(db: DB, viewer: SampleViewer, filters: SampleListFilters, today: string): Promise<CountySamplePage | null> {
  let countyName: string
  let townships: Array<{ id: number; name: string }>
  if (viewer.kind === 'county') {
    countyName = viewer.countyName
    townships = await db.selectFrom('townships').select(['id', 'name']).where('county_name', '=', countyName).orderBy('name').execute()
  } else {
    const own = await db.selectFrom('townships').select(['id', 'name', 'county_name']).where('id', '=', viewer.townshipId).executeTakeFirst()
    if (!own) return null
    countyName = own.county_name
    townships = [{ id: own.id, name: own.name }]
  }
  const summary = await countySampleSummary(db, countyName, today, { townships: townships.map((tw) => ({ ...tw, windows: undefined })) })
  const [staff, list] = await Promise.all([
    viewer.kind === 'county' ? countyStaff(db, countyName) : Promise.resolve([]),
    summary ? listSampleHouseholds(db, summary.sample.id, viewer, filters) : Promise.resolve({ rows: [], matched: 0 }),
  ])
  return {
    countyName,
    canManage: viewer.kind === 'county' && viewer.manage,
    canCheck: viewer.kind === 'county',
    summary,
    townships,
    staff,
    list,
  }
}

/** One household's check record for a viewer: null when there is none, 'forbidden' when it is not theirs to read. */
export async function getSampleRecordPage(db: DB, viewer: SampleViewer, id: number): Promise<{ record: SampleRecord; canCheck: boolean } | null | 'forbidden'> {
  const record = await getSampleRecord(db, id)
  if (!record) return null
  if (!mayReadRecord(viewer, record)) return 'forbidden'
  return { record, canCheck: viewer.kind === 'county' }
}

/** Whose sample pages a user reads: a county user their county's (the administrator manages), a leader their township's. */
export function sampleViewerOf(user: { role: string; countyName: string | null; countyAdmin: boolean; townshipId: number | null }): SampleViewer | null {
  if (user.role === 'county') return user.countyName ? { kind: 'county', countyName: user.countyName, manage: user.countyAdmin } : null
  if (user.role === 'leader') return user.townshipId ? { kind: 'township', townshipId: user.townshipId } : null
  return null
}
