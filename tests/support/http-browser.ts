/**
 * A browser without a browser: keeps cookies, posts forms as `application/x-www-form-urlencoded`
 * (or any body and content type given), and does not follow redirects, so a test sees each
 * answer as the server gave it.
 */
export class HttpBrowser {
  private cookies = new Map<string, string>()
  constructor(private baseURL: string) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name)
  }

  /** GET without a body; POST a form from fields (lists repeat their name), or a raw body with its content type. */
  async send(path: string, body?: Record<string, string | string[] | undefined> | string, contentType = 'application/x-www-form-urlencoded') {
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') }
    let payload: string | undefined
    if (typeof body === 'string') payload = body
    else if (body) {
      const form = new URLSearchParams()
      for (const [name, value] of Object.entries(body)) for (const item of [value ?? []].flat()) form.append(name, item)
      payload = form.toString()
    }
    if (payload !== undefined) headers['content-type'] = contentType
    const response = await fetch(this.baseURL + path, { method: payload === undefined ? 'GET' : 'POST', body: payload, headers, redirect: 'manual' })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const [name, ...value] = pair!.split('=')
      this.cookies.set(name!, value.join('='))
    }
    return { status: response.status, location: response.headers.get('location'), retryAfter: response.headers.get('retry-after'), text: await response.text() }
  }
}
