import { useRouteLoaderData } from '@remix-run/react'

/** The id of the staff area's frame route, whose loader hands every staff page its CSRF token. */
const STAFF_AREA = 'routes/personal'

/**
 * The CSRF token every staff form posts (requireStaffPost checks it). Read from the frame's
 * loader data by route id and narrowed here, so no component or page has to import the
 * frame route for its type: nothing imports a route. Empty when signed out; the post is
 * then refused, as it should be.
 */
export function useStaffCsrf(): string {
  const data: unknown = useRouteLoaderData(STAFF_AREA)
  const csrf = typeof data === 'object' && data !== null && 'csrf' in data ? data.csrf : null
  return typeof csrf === 'string' ? csrf : ''
}
