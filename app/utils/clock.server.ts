// The one clock. Being late is derived from "today", so tests and demos can pin it: APP_NOW=2026-11-29T02:00:00Z.
import { shanghaiDay } from '../../workflows/rules/dates'

export function now(): Date {
  const pinned = process.env.APP_NOW
  return pinned ? new Date(pinned) : new Date()
}

/** Today's calendar day in Asia/Shanghai. */
export function today(): string {
  return shanghaiDay(now())
}
