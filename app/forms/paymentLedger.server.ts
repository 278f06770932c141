// The /ledger upload's one field beside the file (server-side only): 发放月份, 'YYYY-MM' as typed ('2026-11',
// '2026年11月', '2026/11', full-width digits); blank: the month the file's rows name. The file itself comes through
// readRosterUpload (app/utils/forms.server.ts). A refusal is one Chinese message.
import { isMonth } from '../../workflows/rules/allowanceMonth'
import { t } from '../i18n/dictionary'
import { normaliseMonth } from '../models/paymentLedger/rows.server'

export function parseLedgerUploadFields(fields: Readonly<Record<string, string>>): { ok: true; month: string | null } | { ok: false; message: string } {
  const month = normaliseMonth(fields.month ?? '')
  if (month === '') return { ok: true, month: null }
  return isMonth(month) ? { ok: true, month } : { ok: false, message: t.paymentLedger.errors.month }
}

/** ?township=ID&month=YYYY-MM on the page and the export. */
export function parseLedgerQuery(search: URLSearchParams): { township: string | null; month: string | null } {
  const month = normaliseMonth(search.get('month') ?? '')
  return { township: search.get('township'), month: isMonth(month) ? month : null }
}
