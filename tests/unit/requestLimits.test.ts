// The bounded form reader and the sign-in's redirect target (issue 11, findings 5, 7, 13): whatever is posted, the
// reader refuses with a Chinese text that repeats none of it, or gives back exactly the fields that were sent; and
// a redirect target is either a path of this site or the fallback.
import { parseWithZod } from '@conform-to/zod/v4'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { fieldNameProblem, readForm, readRosterUpload } from '../../app/utils/forms.server'
import { FORM_LIMITS, MAX_FORM_BYTES, MAX_UPLOAD_BYTES } from '../../app/utils/requestLimits'
import { safeRedirect } from '../../app/utils/safeRedirect'
import { REDIRECT_TRICKS } from '../support/redirectTricks'

const CHINESE = /[\u4e00-\u9fff]/

function post(body: BodyInit, contentType?: string): Request {
  return new Request('http://app.test/login', {
    method: 'POST',
    body,
    headers: contentType ? { 'content-type': contentType } : {},
    duplex: 'half',
  } as RequestInit)
}
const urlencoded = (body: string) => post(body, 'application/x-www-form-urlencoded')

/** The refusal a read throws: its status and text. */
async function refusalOf(read: Promise<unknown>): Promise<{ status: number; text: string }> {
  try {
    await read
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, text: await thrown.text() }
    throw thrown
  }
  throw new Error('the form was accepted')
}

describe('field names', () => {
  it('accepts the names the app’s forms use', () => {
    for (const name of ['intent', 'version', 'householdIds', 'fullInspection.starts_on', 'c199', '__intent__', 'a[0]', 'a.b[100].c', '自查']) {
      expect(fieldNameProblem(name), name).toBeNull()
    }
  })

  it('refuses huge indices, deep paths, long names, prototype keys and broken syntax', () => {
    for (const name of [
      'a[999999999]',
      'a[101]',
      'a[0000001]',
      'a' + '[b]'.repeat(4),
      'a.b.c.d.e',
      'a[0][0][0][0]',
      'n'.repeat(101),
      '__proto__',
      'a.constructor',
      'a[]',
      'a]',
      'a[b',
      '.a',
      'a..b',
      'a\u0000',
      '',
    ]) {
      expect(fieldNameProblem(name), name).toBe('badFieldName')
    }
  })

  it('never throws, and a name it accepts is one conform parses without building anything large', () => {
    const name = fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^[a-z]{1,3}(\.[a-z]{1,3}|\[\d{1,4}\]){0,6}$/))
    fc.assert(
      fc.property(name, (n) => {
        const problem = fieldNameProblem(n)
        if (problem !== null) return
        const form = new FormData()
        form.set(n, 'x')
        const submission = parseWithZod(form, { schema: z.object({}).passthrough() })
        // `a[999999999]` would make an array of a billion slots here (34 s and a 500 on the sign-in page)
        expect(JSON.stringify(submission.reply()).length).toBeLessThan(5000)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('readForm', () => {
  it('gives back exactly the fields sent, in order, repeated names included', async () => {
    // names a form may carry: not __proto__, constructor or prototype as a segment (refused on purpose: the refused names above)
    const name = fc
      .stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,20}(\.[a-z_]{1,10})?$/)
      .filter((n) => !n.split('.').some((segment) => ['__proto__', 'constructor', 'prototype'].includes(segment)))
    const field = fc.tuple(name, fc.string({ maxLength: 200 }))
    await fc.assert(
      fc.asyncProperty(fc.array(field, { maxLength: 50 }), async (fields) => {
        const form = await readForm(urlencoded(new URLSearchParams(fields).toString()))
        expect([...form]).toEqual(fields)
      }),
      { numRuns: 300 },
    )
  })

  it('reads a small multipart form, and an empty post as an empty form', async () => {
    const multipart = new FormData()
    multipart.append('intent', '提交')
    multipart.append('householdIds', '3')
    multipart.append('householdIds', '4')
    expect([...(await readForm(post(multipart)))]).toEqual([
      ['intent', '提交'],
      ['householdIds', '3'],
      ['householdIds', '4'],
    ])
    expect([...(await readForm(new Request('http://app.test/logout', { method: 'POST' })))]).toEqual([])
  })

  it('refuses, in Chinese and without repeating the input, whatever is out of bounds', async () => {
    const cases: Array<[string, Request, number]> = [
      ['absurd index', urlencoded('username=SECRET1&password=y&a[999999999]=1'), 400],
      ['deep nesting', urlencoded(`u=SECRET1&${encodeURIComponent('a' + '[b]'.repeat(5000))}=1`), 400],
      ['too many fields', urlencoded(Array.from({ length: FORM_LIMITS.maxFields + 1 }, (_, i) => `SECRET1${i}=1`).join('&')), 400],
      ['only separators', urlencoded('&'.repeat(20_000) + 'SECRET1=1'), 400],
      ['long name', urlencoded(`SECRET1${'n'.repeat(200)}=1`), 400],
      ['long value', urlencoded(`note=SECRET1${'x'.repeat(FORM_LIMITS.maxValueLength)}`), 400],
      ['too large', urlencoded(`note=SECRET1${'x'.repeat(MAX_FORM_BYTES)}`), 413],
      ['chunked and too large', post(new Blob([`note=SECRET1${'x'.repeat(MAX_FORM_BYTES)}`]).stream(), 'application/x-www-form-urlencoded'), 413],
      ['JSON', post(JSON.stringify({ username: 'SECRET1' }), 'application/json'), 415],
      ['text', post('username=SECRET1', 'text/plain'), 415],
      ['no type', post('username=SECRET1'), 415],
      [
        'a file on an ordinary form',
        post(
          (() => {
            const f = new FormData()
            f.append('file', new Blob(['SECRET1']), 'SECRET1.txt')
            return f
          })(),
        ),
        400,
      ],
    ]
    for (const [what, request, status] of cases) {
      const refused = await refusalOf(readForm(request))
      expect(refused.status, what).toBe(status)
      expect(refused.text, what).toMatch(CHINESE)
      expect(refused.text, what).not.toContain('SECRET1')
      expect(refused.text.length, what).toBeLessThan(300)
    }
  })

  it('takes narrower limits for a small form (sign-in)', async () => {
    const refused = await refusalOf(readForm(urlencoded('a=1&b=2&c=3&d=4'), { maxFields: 3 }))
    expect(refused.status).toBe(400)
  })
})

describe('readRosterUpload', () => {
  const upload = (parts: Array<[string, Blob | string, string?]>) => {
    const form = new FormData()
    for (const [name, value, filename] of parts) {
      if (typeof value === 'string') form.append(name, value)
      else form.append(name, value, filename)
    }
    return new Request('http://app.test/import', { method: 'POST', body: form })
  }

  it('reads the one roster file', async () => {
    const result = await readRosterUpload(upload([['file', new Blob(['序号,姓名\n1,张三\n']), 'roster.csv']]))
    expect(result.ok).toBe(true)
    if (result.ok) expect(new TextDecoder().decode(result.file.content)).toBe('序号,姓名\n1,张三\n')
  })

  it('refuses a file over the cap, a second file, a stray field name, too many parts, and no file', async () => {
    expect(await readRosterUpload(upload([['file', new Blob([new Uint8Array(MAX_UPLOAD_BYTES + 1)]), 'big.xlsx']]))).toEqual({ ok: false, problem: 'tooLarge' })
    expect(
      await readRosterUpload(
        upload([
          ['file', new Blob(['a']), 'a.csv'],
          ['file', new Blob(['b']), 'b.csv'],
        ]),
      ),
    ).toEqual({ ok: false, problem: 'noFile' })
    expect(await readRosterUpload(upload([['other', new Blob(['a']), 'a.csv']]))).toEqual({ ok: false, problem: 'noFile' })
    expect(await readRosterUpload(upload(Array.from({ length: 20 }, (_, i) => [`f${i}`, 'x'] as [string, string])))).toEqual({ ok: false, problem: 'noFile' })
    expect(await readRosterUpload(upload([['note', 'x']]))).toEqual({ ok: false, problem: 'noFile' })
  })
})

describe('safeRedirect', () => {
  const tricks = REDIRECT_TRICKS
  it.each(tricks)('sends %j to the fallback', (trick) => {
    expect(safeRedirect(trick, '/dashboard')).toBe('/dashboard')
  })

  it('keeps the app’s own paths, query and fragment included', () => {
    for (const path of ['/dashboard', '/villages/3/households?q=%E5%BC%A0&page=2', '/complaints/5#verify', '/villages/3/problems?status=open']) {
      expect(safeRedirect(path, '/x')).toBe(path)
    }
    expect(safeRedirect('/x'.repeat(1500), '/x')).toBe('/x')
    expect(safeRedirect(null, '/x')).toBe('/x')
    expect(safeRedirect(undefined, '/x')).toBe('/x')
  })

  it('never gives anything that leaves the site, even after a router decodes it and a browser strips tabs and newlines', () => {
    const base = 'https://zgt.example'
    const piece = fc.constantFrom(
      '/',
      '\\',
      '.',
      '..',
      '%2F',
      '%5C',
      '%09',
      '%0A',
      '%0D',
      '%25',
      '\t',
      '\n',
      'evil.example',
      ':',
      'http:',
      '@',
      '?',
      '#',
      '%2E',
      'a',
    )
    const target = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.array(piece, { maxLength: 10 }).map((p) => p.join('')),
    )
    fc.assert(
      fc.property(target, (t) => {
        const result = safeRedirect(t, '/fallback')
        expect(result.startsWith('/')).toBe(true)
        expect(result.startsWith('//')).toBe(false)
        expect(/[\u0000-\u001f\u007f\\]/.test(result)).toBe(false)
        let seen = result
        for (let round = 0; round < 3; round++) {
          const stripped = seen.replace(/[\t\n\r]/g, '')
          expect(new URL(stripped, base).origin).toBe(base)
          try {
            seen = decodeURIComponent(seen)
          } catch {
            break
          }
        }
      }),
      { numRuns: 5000 },
    )
  })
})
