import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { createDb, migrateToLatest, migrationsPending } from '~/server/db.server'
import { seedDemoPaging, seedRegions } from '~/server/seed.server'
import { JOURS, MUNICIPALITIES } from '../../db/seed/regions'

const serverUrl = inject('postgresUrl')
const name = `migrate_${randomUUID().replace(/-/g, '')}`
const url = serverUrl.replace(/\/[^/]*$/, `/${name}`)

afterAll(async () => {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  await client.query(`drop database if exists ${name} with (force)`)
  await client.end()
})

describe('migrations and seed', () => {
  it('lets two instances start at once: the advisory lock makes them take turns', async () => {
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    await client.query(`create database ${name}`)
    await client.end()
    const [a, b] = [createDb(url, { max: 2 }), createDb(url, { max: 2 })]
    expect(await migrationsPending(a)).toBeGreaterThan(0)
    await Promise.all([migrateToLatest(a), migrateToLatest(b)])
    expect(await migrationsPending(a)).toBe(0)
    await Promise.all([a.destroy(), b.destroy()])
  })

  it('seeds every municipality and jour of REGIONS.md, and seeding again changes nothing', async () => {
    const db = createDb(url, { max: 2 })
    await seedRegions(db)
    await seedRegions(db)
    const municipalities = await db.selectFrom('municipalities').select('code').execute()
    const memberships = await db.selectFrom('jour_memberships').selectAll().execute()
    expect(municipalities).toHaveLength(MUNICIPALITIES.length)
    expect(memberships).toHaveLength(JOURS.reduce((sum, jour) => sum + jour.memberCodes.length, 0))
    const nordost = memberships.filter((membership) => membership.jour_id === 'nordost').map((membership) => membership.municipality_code)
    expect(nordost.sort()).toEqual(['0115', '0117', '0160', '0162', '0186', '0187', '0188'])
    const fyrbodal = await db.selectFrom('jour_units').selectAll().where('id', '=', 'fyrbodal').executeTakeFirstOrThrow()
    expect(fyrbodal).toMatchObject({ host_municipality_code: '1485', public_phone: '0522-69 74 44' })
    await db.destroy()
  })

  it('seeds the demo data once: a klämdag, an address or a rota an administrator removed stays removed at the next start', async () => {
    const db = createDb(url, { max: 2 })
    await seedRegions(db)
    await seedDemoPaging(db)
    await db.deleteFrom('intake_closures').where('municipality_code', '=', '0160').where('date', '=', '2027-05-07').execute()
    await db.updateTable('jour_units').set({ manager_email: null }).where('id', '=', 'syd').execute()
    await db.updateTable('municipalities').set({ intake_email: null }).where('code', '=', '1264').execute()
    await db.deleteFrom('on_call_rota').where('jour_id', '=', 'stockholm').execute()
    // The next start.
    await seedRegions(db)
    await seedDemoPaging(db)
    expect(await db.selectFrom('intake_closures').select('date').where('municipality_code', '=', '0160').where('date', '=', '2027-05-07').executeTakeFirst()).toBeUndefined()
    expect((await db.selectFrom('jour_units').select('manager_email').where('id', '=', 'syd').executeTakeFirstOrThrow()).manager_email).toBeNull()
    expect((await db.selectFrom('municipalities').select('intake_email').where('code', '=', '1264').executeTakeFirstOrThrow()).intake_email).toBeNull()
    expect(await db.selectFrom('on_call_rota').select('position').where('jour_id', '=', 'stockholm').execute()).toEqual([])
    await db.destroy()
  })
})
