import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { endSession } from '~/utils/auth.server'

// Sign-out is a POST (a link a page can embed must not sign anyone out).
export async function action({ request }: ActionFunctionArgs) {
  return endSession(request)
}

export async function loader() {
  return redirect('/')
}
