import { parseArgs } from 'node:util'
import { z } from 'zod'
import { email } from '../domain/form-values'
import { readConfig } from '../server/config.server'
import { createDb, migrateToLatest } from '../server/db.server'
import { startJobs } from '../server/jobs.server'
import { inviteByOperator } from '../server/staff-accounts.server'

/**
 * `npm run staff:invite -- --email anna@kommun.se --name "Anna Admin" --role admin --municipalities 0115,0117`
 *
 * For the service's operator: creates an account of any role (the first administrator of a
 * region, an auditor) and queues the invitation e-mail, which a running worker sends; for an
 * address that has an account, the account is started over with a new invitation. Intake
 * and admin accounts need --municipalities (codes), a jour account --jour (its id).
 */
const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    municipalities: { type: 'string', default: '' },
    jour: { type: 'string' },
  },
})

const account = z
  .object({
    email: email.transform((value) => value.toLowerCase()),
    name: z.string().trim().min(1),
    role: z.enum(['intake', 'jour', 'admin', 'auditor']),
    municipalityCodes: z.array(z.string().regex(/^\d{4}$/)),
    jourId: z.string().min(1).nullable(),
  })
  .refine((value) => (value.role === 'jour') === (value.jourId !== null), 'a jour account needs --jour, and only a jour account takes it')
  .refine((value) => !['intake', 'admin'].includes(value.role) || value.municipalityCodes.length > 0, 'intake and admin accounts need --municipalities')
  .safeParse({
    email: values.email,
    name: values.name,
    role: values.role,
    municipalityCodes: values.municipalities ? values.municipalities.split(',').map((code) => code.trim()) : [],
    jourId: values.jour ?? null,
  })
if (!account.success) {
  console.error(`staff:invite: ${account.error.issues.map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`).join('; ')}`)
  process.exit(2)
}

const config = readConfig()
if (!config.DATABASE_URL) {
  console.error('staff:invite: DATABASE_URL is not set (outside production, npm start prints demo accounts instead)')
  process.exit(2)
}
const db = createDb(config.DATABASE_URL, { max: 2 })
const jobs = await startJobs(config.DATABASE_URL, { role: 'web' }, (error) => console.error(error))
try {
  await migrateToLatest(db)
  const codes = account.data.municipalityCodes
  const known = codes.length ? await db.selectFrom('municipalities').select('code').where('code', 'in', codes).execute() : []
  const unknown = codes.filter((code) => !known.some((row) => row.code === code))
  if (unknown.length > 0) throw new Error(`not in the database: municipality ${unknown.join(', ')}`)
  const outcome = await inviteByOperator(db, jobs, { account: account.data, now: new Date() })
  console.log(`${outcome === 'created' ? 'created' : 'started over'}: ${account.data.role} ${account.data.email}; the invitation is queued for the worker to send`)
} finally {
  await jobs.boss.stop({ graceful: true, timeout: 5000 })
  await db.destroy()
}
