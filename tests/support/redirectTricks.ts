// redirectTo values that must never lead off the site (issue 11, finding 13): tabs and encoded slashes the browser's
// router decodes into `//host`, backslashes, schemes, CR/LF header injection, broken escapes. Shared by the unit test
// of safeRedirect and the HTTP test of the sign-in page.
export const REDIRECT_TRICKS = [
  '/%09/evil.example/phish',
  '/%09/%09evil.example',
  '//evil.example',
  '///evil.example',
  '/\\evil.example',
  '/%5Cevil.example',
  '/%2F/evil.example',
  '/%2f%2fevil.example',
  'https://evil.example',
  'http:evil.example',
  'javascript:alert(1)',
  '\\\\evil.example',
  ' //evil.example',
  '/\t/evil.example',
  '/\r\n/evil.example',
  '/dashboard\r\nSet-Cookie: x=1',
  '/%0d%0aSet-Cookie:%20x=1',
  '/a/..//evil.example',
  '/.//evil.example',
  '/%252F%252Fevil.example',
  'evil.example',
  '/%E0%A4%A',
  '',
]
