import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useMatches, useLocation, useRouteError, useRouteLoaderData } from '@remix-run/react'
import { pageHydrates } from './hydration'
import { useContext, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { UNSAFE_DataRouterStateContext } from 'react-router'
import { useChangeLanguage } from 'remix-i18next/react'
import { PublicLayout } from './components/layout'
import { useNonce } from './components/nonce'
import { SlowDownNotice, type SlowDownData } from './components/slow-down-notice'
import { directionOf, htmlLanguageOf } from './i18n/config'
import i18next from './i18n/i18next.server'
import { enhanceScriptPath } from './server/enhance-script.server'
import styles from './styles/app.css'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const handle = { i18n: ['common', 'errors'] }

export async function loader({ request }: LoaderFunctionArgs) {
  return { language: await i18next.getLocale(request), enhanceScript: enhanceScriptPath() }
}

interface RouteHandle {
  i18n?: string[]
  /**
   * The pages under a route that says `hydrate: true` (the staff area) load React and Remix in
   * the browser. Every other page is served as HTML alone, with one small plain module that
   * adds what JavaScript improves (public/enhance.js): the citizen pages work without any, and
   * an old phone on a weak signal should not download a framework to fill in a form.
   */
  hydrate?: boolean
  /** The page's name in the title, as a translation key (or one chosen from the loader's data); the h1's words. */
  titleKey?: string | ((data: unknown) => string | undefined)
}

/**
 * The document title: the page's name, then the service's. When the last submit failed,
 * it starts with "Fel: " (GOV.UK), read from the action data of whichever route answered.
 */
function useDocumentTitle(): string {
  const { t } = useTranslation()
  const matches = useMatches()
  const routerState = useContext(UNSAFE_DataRouterStateContext)
  const titleKey = [...matches]
    .reverse()
    .map((match) => {
      const key = (match.handle as RouteHandle | undefined)?.titleKey
      return typeof key === 'function' ? key(match.data) : key
    })
    .find(Boolean)
  // A conform reply says `status: 'error'`; the staff forms answer with an `error` message key.
  const failed = Object.values(routerState?.actionData ?? {}).some((result) => {
    const answer = result as { status?: string; error?: string | null } | undefined
    return answer?.status === 'error' || Boolean(answer?.error)
  })
  const parts = [titleKey ? t(titleKey) : null, t('common:serviceName')].filter(Boolean)
  return (failed ? t('errors:titlePrefix') : '') + parts.join(' – ')
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root')
  const language = data?.language ?? 'sv'
  const nonce = useNonce()
  // The staff area has a frame of its own (app/routes/personal.tsx): no quick exit there.
  const staffArea = useLocation().pathname.startsWith('/personal')
  const hydrate = pageHydrates(useMatches().map((match) => match.handle))
  useChangeLanguage(language)
  return (
    <html lang={htmlLanguageOf(language)} dir={directionOf(language)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{useDocumentTitle()}</title>
        <Meta />
        <Links />
      </head>
      <body>
        {staffArea ? children : <PublicLayout language={language}>{children}</PublicLayout>}
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : data?.enhanceScript ? (
          <script type="module" src={data.enhanceScript} nonce={nonce} />
        ) : null}
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

/** The error page's words for each answer that is not a server error: what happened and what to do. */
const REFUSALS: Record<number, string> = {
  400: 'refused.badRequest',
  403: 'refused.expired',
  413: 'refused.tooLarge',
  415: 'refused.unsupported',
}

export function ErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation('common')
  const status = isRouteErrorResponse(error) ? error.status : 500
  if (status === 429 || status === 503) {
    const slowDown = (error as { data?: Partial<SlowDownData> }).data
    return (
      <>
        <SlowDownNotice headingLevel={1} slowDown={{ retryAfterSeconds: slowDown?.retryAfterSeconds ?? 60, jour: slowDown?.jour ?? null }} />
        <p className="body">
          <a href="/">{t('backToStart')}</a>
        </p>
      </>
    )
  }
  const key = status === 404 ? 'notFound' : (REFUSALS[status] ?? 'serverError')
  return (
    <>
      <h1 className="heading-l">{t(`${key}.title`)}</h1>
      <p className="body">{t(`${key}.body`)}</p>
      <p className="body">{t('footer.emergency')}</p>
      <p className="body">
        <a href="/">{t('backToStart')}</a>
      </p>
    </>
  )
}
