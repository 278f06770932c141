// Text fields every form shares: trimmed, bounded, and without control characters (NUL and the rest, see
// workflows/rules/text.ts). One place, so every schema refuses the same characters with the same message.
import { z } from 'zod'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import { hasControlCharacters } from '../../workflows/rules/text'

export { hasControlCharacters }

type TextOptions = {
  /** long text keeps newlines and tabs */
  multiline?: boolean
  /** the message for a too-long value; {max} is filled in */
  tooLong?: string
}

/** A trimmed text of at most `max` characters, without control characters. */
export function safeText(max: number, options: TextOptions = {}) {
  return z
    .string()
    .trim()
    .max(max, format(options.tooLong ?? t.errors.tooLong, { max }))
    .refine((value) => !hasControlCharacters(value, { multiline: options.multiline }), t.errors.controlCharacters)
}

/** The same, but a required field: empty gives `required`. */
export function requiredSafeText(max: number, required: string, options: TextOptions = {}) {
  return z
    .string({ error: required })
    .trim()
    .min(1, required)
    .max(max, format(options.tooLong ?? t.errors.tooLong, { max }))
    .refine((value) => !hasControlCharacters(value, { multiline: options.multiline }), t.errors.controlCharacters)
}
