// 包村范围: the villages a 包村干部 (role liaison) works, one checkbox each, in a fieldset with its legend. Plain
// checkboxes named liaisonVillageIds: the form works without JavaScript; the model ignores them for other roles.
import { users } from '~/i18n/zh-CN/admin'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { users }

export function LiaisonVillagesField({ villages, checked = [] }: { villages: readonly { id: number; name: string }[]; checked?: readonly number[] }) {
  return (
    <fieldset aria-describedby="liaison-hint">
      <legend className="label">{t.users.liaisonScope}</legend>
      <p id="liaison-hint" className="text-xs text-slate-600">
        {t.users.liaisonScopeHint}
      </p>
      <ul className="mt-1 grid grid-cols-2 gap-x-3 gap-y-1">
        {villages.map((v) => (
          <li key={v.id} className="flex items-center gap-2">
            <input id={`liaison-${v.id}`} name="liaisonVillageIds" type="checkbox" value={v.id} defaultChecked={checked.includes(v.id)} className="h-5 w-5" />
            <label htmlFor={`liaison-${v.id}`}>{v.name}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  )
}
