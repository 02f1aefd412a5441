import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { missingNodeOptions, SERVICE_NODE_OPTIONS } from '../../app/server/node-options'

const read = (file: string) => readFileSync(path.resolve(file), 'utf8')

/** The words of a command line up to `server.ts`: where node's own options go. */
function optionsBeforeServer(command: string): string[] {
  const words = command.split(/[\s,[\]"']+/).filter(Boolean)
  const server = words.indexOf('server.ts')
  if (server < 0) throw new Error(`no server.ts in: ${command}`)
  return words.slice(0, server)
}

// Every place that starts a process of the service (docs/decisions/0022): V8's collector is
// chosen on the command line, so an option left out of one of them is simply not there.
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts
const startCommands: Array<[string, string]> = [
  ['package.json start', scripts.start!.split('&&').at(-1)!],
  ['package.json start:web', scripts['start:web']!],
  ['package.json start:worker', scripts['start:worker']!],
  ...[...read('Dockerfile').matchAll(/^CMD (.*server\.ts.*)$/gm)].map((match): [string, string] => ['Dockerfile CMD', match[1]!]),
  ...[...read('compose.yaml').matchAll(/^\s*command: (.*server\.ts.*)$/gm)].map((match, index): [string, string] => [`compose.yaml command ${index + 1}`, match[1]!]),
  ...[...read('README.md').matchAll(/`(NODE_ENV=production npx tsx [^`]*server\.ts[^`]*)`/g)].map((match): [string, string] => ['README production command', match[1]!]),
]

describe("the service's node options", () => {
  it('are found in every start command: three scripts, the image, the web and worker services, the README', () => {
    expect(startCommands.map(([where]) => where)).toEqual([
      'package.json start',
      'package.json start:web',
      'package.json start:worker',
      'Dockerfile CMD',
      'compose.yaml command 1',
      'compose.yaml command 2',
      'README production command',
    ])
  })

  it.each(startCommands)('%s passes every one to node before server.ts', (_where, command) => {
    expect(optionsBeforeServer(command)).toEqual(expect.arrayContaining([...SERVICE_NODE_OPTIONS]))
  })

  it('tells which ones a process was started without', () => {
    expect(missingNodeOptions(['--import', 'tsx', ...SERVICE_NODE_OPTIONS])).toEqual([])
    expect(missingNodeOptions(['--import', 'tsx'])).toEqual([...SERVICE_NODE_OPTIONS])
  })
})
