import { readConfig } from '../server/config.server'
import { createCipher } from '../server/crypto.server'
import { createDb, migrateToLatest } from '../server/db.server'
import { startEmbeddedPostgres } from '../server/embedded-postgres.server'
import { reencryptAll } from '../server/reencrypt.server'

/**
 * `npm run crypto:reencrypt`: encrypts with ENCRYPTION_KEY_ID every stored value still under
 * another key, and every value stored before encryption at rest (migration 0006). Safe to
 * run while the service runs, and again. `-- --reindex` also rewrites every personnummer's
 * blind index, after BLIND_INDEX_KEY has changed. Uses DATABASE_URL, or the embedded
 * database under DATA_DIR as `npm start` does (stop it first).
 */
const config = readConfig()
const cipher = createCipher(config)
const embedded = config.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: config.DATA_DIR })
const db = createDb(config.DATABASE_URL ?? embedded!.url, { max: 2 })
try {
  await migrateToLatest(db)
  const rewritten = await reencryptAll(db, cipher, {
    reindex: process.argv.includes('--reindex'),
    onBatch: (table, rows) => console.log(`${table}: ${rows} rows rewritten`),
  })
  const total = Object.values(rewritten).reduce((sum, rows) => sum + rows, 0)
  console.log(`done: ${total} rows rewritten; every value is now under key "${cipher.currentKeyId}"`)
} finally {
  await db.destroy()
  await embedded?.stop()
}
