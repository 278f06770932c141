// The file input of every upload form (花名册, 发放花名册, 其他部门名单, 账号名单): a visible label, the formats the
// readers take, and the hint tied to the input for screen readers.
import type { ReactNode } from 'react'

/** What app/models/tableFile reads: .xlsx, legacy .xls and WPS .et, .ods, .csv, and an HTML table saved as .xls. */
export const OFFICE_FILE_ACCEPT =
  '.xlsx,.xls,.et,.ods,.csv,.htm,.html,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,application/vnd.oasis.opendocument.spreadsheet'

export function FileField({
  id,
  label,
  hint,
  accept = OFFICE_FILE_ACCEPT,
  children,
}: {
  id: string
  label: string
  hint: string
  accept?: string
  children?: ReactNode
}) {
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <input id={id} name="file" type="file" required accept={accept} aria-describedby={`${id}-hint`} className="block w-full text-sm" />
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
        {hint}
      </p>
      {children}
    </div>
  )
}
