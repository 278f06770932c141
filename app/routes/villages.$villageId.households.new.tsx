// 漏保: a newly found eligible family, enrolled by the village's cadre. Counted as a new enrolment, apart from the
// original roster (so it never changes the village's coverage). A plain form that works without JavaScript.
import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { TextField } from '~/components/TextField'
import { NearRelativeFields } from '~/components/household/NearRelativeFields'
import { approvals } from '~/i18n/zh-CN/approvals'
import { app } from '~/i18n/zh-CN/common'
import { households } from '~/i18n/zh-CN/households'
import { nearRelatives } from '~/i18n/zh-CN/nearRelatives'
import { addMissedHousehold, parseMissedHouseholdSubmission } from '~/models/missedHouseholds.server'
import { listOfficialOptions } from '~/models/nearRelatives.server'
import { clientAddress } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { requireVillageAccess } from '~/utils/permissions.server'
import { readForm } from '~/utils/forms.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, approvals, households, nearRelatives }

const h = t.households
const mm = h.missed

export const meta: MetaFunction = () => [{ title: `${mm.title} · ${t.app.name}` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village } = await requireVillageAccess(request, params.villageId, 'work')
  // 近亲属备案: the related official is chosen from the township's accounts (or named)
  return json({ village, officials: await listOfficialOptions(getDb(), { townshipId: village.townshipId, villageId: village.id }), today: today() })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'work')
  const submission = parseMissedHouseholdSubmission(await readForm(request), today())
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 })
  const result = await addMissedHousehold(getDb(), { villageId: village.id, actor: user, input: submission.value, at: now(), ip: clientAddress(request) })
  if (result.ok) return redirect(`/villages/${village.id}/households?added=${result.householdId}`)
  if (result.kind === 'noCampaign') return json(submission.reply({ formErrors: [t.approvals.queue.noCampaign] }), { status: 409 })
  if (result.kind === 'recused') return json(submission.reply({ fieldErrors: { nearRelativeOfficialName: [t.approvals.missed.recused] } }), { status: 403 })
  if (result.kind === 'unknownOfficial')
    return json(submission.reply({ fieldErrors: { nearRelativeOfficialName: [t.nearRelatives.errors.unknownOfficial] } }), { status: 422 })
  const message =
    result.kind === 'duplicate'
      ? h.errors.duplicateHere
      : result.kind === 'notAddableHere'
        ? h.errors.notAddableHere
        : ((h.errors.idNumber as Record<string, string>)[result.problem] ?? h.errors.idNumber.length)
  return json(submission.reply({ fieldErrors: { idNumber: [message] } }), { status: 422 })
}

type MissedForm = {
  headName: string
  idNumber: string
  memberCount: string
  coveredCount: string
  category: string
  monthlyAmount: string
  responsibleCadre: string
  phone: string
  notes: string
  nearRelativeFiled: string
  nearRelativeOfficialUserId: string
  nearRelativeOfficialName: string
  nearRelativeFiledOn: string
  nearRelativeNote: string
}

/** The 漏保 form's inputs: the browser must not offer to fill in other families' details */
function Field(props: Parameters<typeof TextField>[0]) {
  return <TextField {...props} autoComplete={props.autoComplete ?? 'off'} />
}

export default function NewMissedHouseholdPage() {
  const { village, officials, today: day } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>() as SubmissionResult<string[]> | undefined
  const navigation = useNavigation()
  const [form, fields] = useForm<MissedForm>({ id: 'missed', lastResult, shouldValidate: 'onSubmit' })
  const roster = `/villages/${village.id}/households`
  return (
    <div className="mx-auto max-w-xl space-y-3">
      <p className="text-sm">
        <Link to={roster}>{h.backToRoster}</Link>
      </p>
      <h1>{mm.title}</h1>
      <p className="text-sm text-slate-600">{mm.intro}</p>
      <Form method="post" {...getFormProps(form)} className="card space-y-3">
        {form.errors?.length ? (
          <p role="alert" id={form.errorId} className="rounded bg-red-50 p-2 text-red-800">
            {form.errors.join(' ')}
          </p>
        ) : null}
        <Field field={fields.headName} label={mm.headName} />
        <Field field={fields.idNumber} label={mm.idNumber} hint={mm.idNumberHint} />
        <div className="grid grid-cols-2 gap-3">
          <Field field={fields.memberCount} label={mm.memberCount} type="number" inputMode="numeric" />
          <Field field={fields.coveredCount} label={mm.coveredCount} type="number" inputMode="numeric" />
        </div>
        <Field field={fields.category} label={mm.category} hint={mm.categoryHint} />
        <Field field={fields.monthlyAmount} label={mm.monthlyAmount} hint={h.form.amountHint} inputMode="decimal" />
        <label className="flex min-h-[44px] items-center gap-2 text-sm">
          <input type="checkbox" name="confirmAmount" className="h-5 w-5" />
          <span>{mm.confirmAmount}</span>
        </label>
        <Field field={fields.responsibleCadre} label={mm.responsibleCadre} />
        <Field field={fields.phone} label={mm.phone} type="tel" inputMode="tel" />
        <NearRelativeFields
          prefix="nearRelative"
          today={day}
          officials={officials}
          defaults={{
            filed: fields.nearRelativeFiled.initialValue === 'on',
            officialUserId: Number(fields.nearRelativeOfficialUserId.initialValue) || null,
            officialName: fields.nearRelativeOfficialName.initialValue ?? null,
            filedOn: fields.nearRelativeFiledOn.initialValue ?? null,
            note: fields.nearRelativeNote.initialValue ?? null,
          }}
          errors={{ filedOn: fields.nearRelativeFiledOn.errors?.[0], official: fields.nearRelativeOfficialName.errors?.[0] }}
        />
        <div>
          <label htmlFor={fields.notes.id} className="label">
            {mm.notes}
          </label>
          <textarea {...getTextareaProps(fields.notes)} key={fields.notes.key} rows={3} className="field aria-[invalid=true]:border-red-600" />
          {fields.notes.errors?.length ? (
            <p id={fields.notes.errorId} className="field-error">
              {fields.notes.errors.join(' ')}
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className="btn" disabled={navigation.state === 'submitting'}>
            {mm.submit}
          </button>
          <Link to={roster}>{mm.cancel}</Link>
        </div>
      </Form>
    </div>
  )
}
