import { isProduction, readConfig } from '../server/config.server'
import { createDb, migrateToLatest } from '../server/db.server'
import { seedDemoPaging, seedRegions } from '../server/seed.server'

/** `npm run db:seed`: the municipalities and jours of REGIONS.md into DATABASE_URL, and demo rotas and addresses outside production or with SEED_DEMO_DATA. */
const config = readConfig()
if (!config.DATABASE_URL) {
  console.error('DATABASE_URL is not set (npm start seeds its embedded database by itself)')
  process.exit(1)
}
const db = createDb(config.DATABASE_URL, { max: 1 })
await migrateToLatest(db)
await seedRegions(db)
if (!isProduction(config) || config.SEED_DEMO_DATA) await seedDemoPaging(db)
await db.destroy()
console.log('regions seeded')
