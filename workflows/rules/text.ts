// What a text field may hold. Control characters are never typed by a person: a NUL byte breaks PostgreSQL text
// columns and C strings downstream, and the rest (C0, DEL, C1, the Unicode line/paragraph separators and the
// bidirectional overrides that make a printed register read differently from what is stored) only hide content.
// Long text (descriptions, notes) keeps newline, carriage return and tab; a one-line field keeps none of them.

// C0 except \t \n \r, DEL, C1, U+2028/2029, bidi embeddings/overrides/isolates
const SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u
const MULTI_LINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u

/** True when the text holds a character no form field may hold (see above). */
export function hasControlCharacters(value: string, options: { multiline?: boolean } = {}): boolean {
  return (options.multiline ? MULTI_LINE : SINGLE_LINE).test(value)
}
