import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { TownshipDashboard } from '~/components/TownshipDashboard'
import { getTownshipOverview } from '~/models/campaign.server'
import { today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { requireTownshipAccess } from '~/utils/permissions.server'

// A township's dashboard by id: how the county bureau drills down from its roll-up.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { township } = await requireTownshipAccess(request, params.townshipId)
  const day = today()
  return json({ overview: await getTownshipOverview(getDb(), township.id, day), today: day })
}

export default function TownshipPage() {
  const { overview, today } = useLoaderData<typeof loader>()
  return <TownshipDashboard overview={overview} today={today} />
}
