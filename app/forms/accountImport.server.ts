// The account import's confirm form (server-side only, docs/decisions/005): the upload's token and the digest of
// the preview the administrator saw. The file itself comes through readRosterUpload (app/utils/forms.server.ts).
import { z } from 'zod'

const ConfirmSchema = z.object({
  upload: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/),
  digest: z.string().regex(/^[0-9a-f]{32}$/),
})

export function parseAccountImportConfirm(formData: FormData) {
  const parsed = ConfirmSchema.safeParse({ upload: formData.get('upload'), digest: formData.get('digest') })
  return parsed.success ? parsed.data : null
}
