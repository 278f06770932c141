// 信息核对, who sees what (redaction by viewer, in the model): the county bureau imports and sees its county's lists
// and matches; a township's leaders, inspectors and administrators see their township's matches and which lists
// produced them (never the file, its size or who imported it); a village's cadre — and a 包村干部 for his villages —
// see only the matches of their own village(s), never a list, its rows or anything unmatched.
import type { CurrentUser } from '../../utils/auth.server'

export type CrosscheckScope = { kind: 'county'; countyName: string } | { kind: 'township'; townshipId: number } | { kind: 'villages'; villageIds: number[] }

export function crosscheckScopeFor(user: CurrentUser): CrosscheckScope | null {
  switch (user.role) {
    case 'county':
      return user.countyName ? { kind: 'county', countyName: user.countyName } : null
    case 'cadre':
      return user.villageId ? { kind: 'villages', villageIds: [user.villageId] } : null
    case 'liaison':
      return { kind: 'villages', villageIds: [...user.liaisonVillageIds] }
    case 'leader':
    case 'inspector':
    case 'admin':
      return user.townshipId ? { kind: 'township', townshipId: user.townshipId } : null
    default:
      return null
  }
}

/** The county bureau (role county, administrators included) imports its county's lists. */
export function canImportLists(user: CurrentUser): boolean {
  return user.role === 'county' && user.countyName !== null && user.countyName !== ''
}
