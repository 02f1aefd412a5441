import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/** The address a Remix flat-routes file answers: `personal.anmalan.$id_.utskrift.tsx` is `/personal/anmalan/<id>/utskrift`. */
function addressOf(file: string): string | null {
  const name = file.replace(/\.tsx?$/, '')
  const segments = name.replace(/\[\.(\w+)\]/g, '\u0000$1').split('.')
  // A segment starting with "_" alone (the staff frame `personal.tsx` has none) is a layout without an address.
  const parts = segments
    .filter((segment) => segment !== '_index')
    .map((segment) =>
      segment
        .replace(/_$/, '')
        .replace(/^\$(\w+)$/, '<$1>')
        .replace('\u0000', '.'),
    )
  return `/${parts.join('/')}`
}

const routes = readdirSync(path.resolve('app/routes'))
  // The staff frame (`personal.tsx`) is the parent of /personal/…; its own address is the queue, `personal._index.tsx`.
  .filter((file) => file !== 'personal.tsx')
  .map(addressOf)
  .filter((address): address is string => address !== null)

const readme = readFileSync(path.resolve('README.md'), 'utf8')
const table = readme.slice(readme.indexOf('### Addresses and what they are'))
const listed = new Set([...table.matchAll(/`(\/[^`\s]*)`/g)].map((match) => match[1]!))

describe("the README's table of addresses", () => {
  it('names every address the routes answer', () => {
    expect(routes.length).toBeGreaterThan(30)
    for (const address of routes) expect(listed, address).toContain(address)
  })

  it('names no address that no route answers', () => {
    const answered = new Set([...routes, '/healthz', '/readyz'])
    for (const address of listed) expect(answered, address).toContain(address)
  })
})
