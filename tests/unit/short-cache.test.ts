import { describe, expect, it } from 'vitest'
import type { Executor } from '~/server/db.server'
import { shortLived } from '~/server/short-cache.server'

/** The public pages' short cache: one read per database and key within its time, a failed read never kept. */
describe('shortLived', () => {
  const database = () => ({}) as Executor

  it('reads once within its time, again after it, and apart for each database and key', async () => {
    const reads: string[] = []
    const read = shortLived(30_000, async (_db, key: string) => {
      reads.push(key)
      return `${key}#${reads.length}`
    })
    const first = database()
    expect(await read(first, 'a', 0)).toBe('a#1')
    expect(await read(first, 'a', 29_999)).toBe('a#1')
    expect(await read(first, 'b', 10)).toBe('b#2')
    expect(await read(database(), 'a', 10)).toBe('a#3')
    expect(await read(first, 'a', 30_000)).toBe('a#4')
    expect(reads).toEqual(['a', 'b', 'a', 'a'])
  })

  it('does not keep a failed read: the next request asks again', async () => {
    let fail = true
    const read = shortLived(30_000, async () => {
      if (fail) throw new Error('database gone')
      return 'fine'
    })
    const db = database()
    await expect(read(db, 'x', 0)).rejects.toThrow('database gone')
    fail = false
    expect(await read(db, 'x', 1)).toBe('fine')
  })
})
