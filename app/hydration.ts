/**
 * Whether a page is hydrated: only under a route whose handle says `hydrate: true` (the staff
 * area, root.tsx). Every other page is HTML alone (decision 0012), and the server does not
 * prepare the data a hydration would read (decision 0019).
 */
export function pageHydrates(handles: readonly unknown[]): boolean {
  return handles.some((handle) => (handle as { hydrate?: unknown } | undefined)?.hydrate === true)
}
