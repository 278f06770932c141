// /villages/:id/exports/review-forms.xlsx[?household=ID]: the village's review forms (or one household's) as .xlsx.
import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { exportContext, fileResponse } from '~/models/exports.server'
import { downloadReviewForms } from '~/models/reviewFormExport.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireVillageAccess } from '~/utils/permissions.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const household = new URL(request.url).searchParams.get('household')
  const householdId = household === null ? undefined : Number(household)
  if (householdId !== undefined && (!Number.isInteger(householdId) || householdId <= 0)) throw json({ message: 'bad request' }, { status: 400 })
  const result = await downloadReviewForms(getDb(), exportContext(request, user), village, householdId)
  if (!result.ok) {
    // a household of another village is refused like another village
    if (result.reason === 'notInVillage') forbidden()
    notFound()
  }
  return fileResponse(result.file)
}
