// One labelled text input of a conform form: the visible <label>, an optional hint the input is described by, and the
// field's errors in Chinese next to it (tied by id for screen readers). Used by the review form and the 漏保 form.
import { getInputProps, type FieldMetadata } from '@conform-to/react'

export function FieldErrors({ field }: { field: FieldMetadata<unknown> }) {
  return field.errors?.length ? (
    <p id={field.errorId} className="field-error">
      {field.errors.join(' ')}
    </p>
  ) : null
}

export function TextField({
  field,
  label,
  type = 'text',
  hint,
  inputMode,
  autoComplete,
}: {
  field: FieldMetadata<string>
  label: string
  type?: 'text' | 'date' | 'number' | 'tel'
  hint?: string
  inputMode?: 'decimal' | 'numeric' | 'tel'
  autoComplete?: string
}) {
  return (
    <div>
      <label htmlFor={field.id} className="label">
        {label}
      </label>
      <input
        {...getInputProps(field, { type, ariaDescribedBy: hint ? `${field.id}-hint` : undefined })}
        key={field.key}
        className="field aria-[invalid=true]:border-red-600"
        inputMode={inputMode}
        autoComplete={autoComplete}
      />
      {hint ? (
        <p id={`${field.id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <FieldErrors field={field} />
    </div>
  )
}
