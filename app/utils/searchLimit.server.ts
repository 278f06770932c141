// How often one signed-in user may search a roster. The search itself confirms no more of an ID number than the
// mask shows (households.server.ts, normaliseSearch); this limit is the second line: nobody runs a search loop
// against the rosters. Counted in this process's memory per user (RateLimiterMemory): several app servers behind a
// load balancer each count on their own, which still keeps a loop to a few dozen searches a minute in all.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'

/** Searches one user may run in SEARCH_WINDOW_SECONDS: far more than a person types, far fewer than a script. */
export const SEARCHES_PER_WINDOW = 30
export const SEARCH_WINDOW_SECONDS = 300

const limiter = new RateLimiterMemory({ keyPrefix: 'roster-search', points: SEARCHES_PER_WINDOW, duration: SEARCH_WINDOW_SECONDS })

/** Count one roster search for this user: null when it may run, else the seconds until the next one may. */
export async function takeSearch(userId: number): Promise<number | null> {
  try {
    await limiter.consume(String(userId))
    return null
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000))
    throw error
  }
}
