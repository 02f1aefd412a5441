import { readConfig } from '../server/config.server'
import { createDb, migrateToLatest } from '../server/db.server'

/** `npm run db:migrate`: brings DATABASE_URL's schema to the latest migration. */
const config = readConfig()
if (!config.DATABASE_URL) {
  console.error('DATABASE_URL is not set (npm start migrates its embedded database by itself)')
  process.exit(1)
}
const db = createDb(config.DATABASE_URL, { max: 1 })
await migrateToLatest(db)
await db.destroy()
console.log('migrations are current')
