import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { landingPath } from '~/utils/auth.server'
import { requireUser } from '~/utils/permissions.server'

// "/" has no page of its own: each role lands where its work is.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  return redirect(landingPath(user))
}
