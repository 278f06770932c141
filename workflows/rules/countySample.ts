// 县级入户抽查 (篇一: 县民政局按照不低于30%的比例入户抽查; 近亲属备案的和有举报的低保申请全部入户调查), as pure rules:
// - the draw: stratified by township and village, each village's stratum rounded up (so each village, and so each
//   township, gets at least `percent`% of its households), from a stated seed so that the same seed and the same
//   roster always give the same list; near-relative (近亲属备案) and reported (被举报) households added at 100%;
// - the pace: when a township's sampling is behind (the county's attention list).
//
// The PRNG is mulberry32 (Tommy Ettinger's well-known 32-bit generator, the one seed/random.ts uses), seeded per
// village with the 32-bit FNV-1a hash of the seed's UTF-8 bytes, a NUL and the village id. One stream per village: a
// village added to the county does not change the households drawn in the others. Not for secrets — for a list any
// office can redraw and compare.
import { daysBetween } from './dates'
import type { SampleReason } from './vocabulary'
import type { PhaseWindow } from './schedule'

/** 篇一: 不低于30% */
export const MIN_SAMPLE_PERCENT = 30
export const MAX_SAMPLE_PERCENT = 100
/** the household list shows at most this many rows (filters narrow it) */
export const SAMPLE_LIST_MAX = 300
/** a typed seed is at most this long (characters) */
export const SEED_MAX_LENGTH = 60

/** 32-bit FNV-1a over the UTF-8 bytes of `text`. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash >>> 0
}

/** mulberry32: a float in [0, 1) per call, the same sequence for the same 32-bit state. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** How many of a stratum of `size` households `percent`% is, rounded up (integer arithmetic: no float error). */
export function stratumSize(size: number, percent: number): number {
  if (size <= 0) return 0
  return Math.min(size, Math.floor((size * percent + 99) / 100))
}

/** One 在保 household of the county's roster as the draw sees it. */
export interface RosterHousehold {
  id: number
  townshipId: number
  villageId: number
  /** 近亲属备案 */
  nearRelative: boolean
  /** a public report (举报) names the household */
  reported: boolean
}

export interface DrawnHousehold {
  householdId: number
  townshipId: number
  villageId: number
  /** why it is on the list, in SAMPLE_REASONS order */
  reasons: SampleReason[]
}

/**
 * The county's list: from each village, stratumSize(n, percent) households drawn at random (a partial Fisher–Yates
 * shuffle of the village's households in id order, so the roster's order does not matter), plus every near-relative
 * and every reported household. Ordered by township, village and household id.
 */
export function drawCountySample(roster: readonly RosterHousehold[], seed: string, percent: number): DrawnHousehold[] {
  if (!Number.isInteger(percent) || percent < MIN_SAMPLE_PERCENT || percent > MAX_SAMPLE_PERCENT)
    throw new RangeError(`percent must be an integer from ${MIN_SAMPLE_PERCENT} to ${MAX_SAMPLE_PERCENT}`)
  const byVillage = new Map<number, RosterHousehold[]>()
  for (const h of roster) {
    const list = byVillage.get(h.villageId)
    if (list) list.push(h)
    else byVillage.set(h.villageId, [h])
  }
  const drawn: DrawnHousehold[] = []
  for (const [villageId, households] of byVillage) {
    const ids = households.map((h) => h.id).sort((a, b) => a - b)
    const random = mulberry32(fnv1a(`${seed}\u0000${villageId}`))
    const need = stratumSize(ids.length, percent)
    for (let i = 0; i < need; i++) {
      const j = i + Math.floor(random() * (ids.length - i))
      ;[ids[i], ids[j]] = [ids[j], ids[i]]
    }
    const chosen = new Set(ids.slice(0, need))
    for (const h of households) {
      const reasons: SampleReason[] = []
      if (chosen.has(h.id)) reasons.push('random')
      if (h.nearRelative) reasons.push('nearRelative')
      if (h.reported) reasons.push('reported')
      if (reasons.length > 0) drawn.push({ householdId: h.id, townshipId: h.townshipId, villageId: h.villageId, reasons })
    }
  }
  return drawn.sort((a, b) => a.townshipId - b.townshipId || a.villageId - b.villageId || a.householdId - b.householdId)
}

/** A seed for someone who typed none: eight digits from the caller's randomness (shown on the page and stored). */
export function generatedSeed(random: () => number): string {
  return String(Math.floor(random() * 90_000_000) + 10_000_000)
}

// ————————————————————————————————————————— the pace —————————————————————————————————————————

export interface SamplePaceInput {
  /** households on the township's list, and how many checked */
  sampled: number
  checked: number
  nearRelative: { total: number; checked: number }
  reported: { total: number; checked: number }
  /** the day the sample was drawn */
  drawnOn: string
  /** the township's campaign's phase windows (none: no pace to keep) */
  windows: readonly PhaseWindow[]
  today: string
}

export type SampleBehindReason = 'pace' | 'fullLists'

/**
 * When a township's sampling is behind (documented choice):
 * - pace: the share checked (per mille, rounded down) is below the share of time gone from the draw to the end of
 *   检查督导 (the supervision window; without one, the campaign's last day) — the county is expected to have checked
 *   its list by the time the townships' supervision ends;
 * - fullLists: once 检查督导 has begun, a near-relative or reported household (the 100% lists) is still unchecked.
 */
export function samplePace(input: SamplePaceInput): { behind: boolean; reasons: SampleBehindReason[]; elapsedPermille: number } {
  const reasons: SampleBehindReason[] = []
  const supervision = input.windows.find((w) => w.phase === 'supervision')
  const lastDay =
    supervision?.ends_on ??
    [...input.windows]
      .map((w) => w.ends_on)
      .sort()
      .at(-1) ??
    null
  let elapsedPermille = 0
  if (lastDay !== null) {
    const span = daysBetween(input.drawnOn, lastDay)
    const gone = daysBetween(input.drawnOn, input.today)
    elapsedPermille = span <= 0 ? 1000 : Math.max(0, Math.min(1000, Math.floor((gone * 1000) / span)))
    const checkedPermille = input.sampled > 0 ? Math.floor((input.checked * 1000) / input.sampled) : 1000
    if (checkedPermille < elapsedPermille) reasons.push('pace')
  }
  const fullListsOpen = input.nearRelative.checked < input.nearRelative.total || input.reported.checked < input.reported.total
  if (supervision && input.today >= supervision.starts_on && fullListsOpen) reasons.push('fullLists')
  return { behind: reasons.length > 0, reasons, elapsedPermille }
}
