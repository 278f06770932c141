// Text measuring for the workflow diagram, apart from the layout (workflows/diagram.ts) so that the component that
// draws the diagram in the browser needs this one function and never the machine (XState) behind the layout.

/** Width of a text in viewBox units: CJK and full-width signs take a full em, the rest about half. */
export function textWidth(text: string, fontSize: number): number {
  let ems = 0
  for (const ch of text) ems += /[\u0000-\u00ff]/.test(ch) ? 0.55 : 1
  return ems * fontSize
}
