import type { AppLoadContext } from '@remix-run/node'
import { isIP } from 'node:net'
import { isProduction } from './config.server'
import type { Executor } from './db.server'

/**
 * Whether a socket's peer is this machine: 127.0.0.0/8, ::1, or 127.x.y.z as an IPv4-mapped
 * IPv6 address (how a dual-stack server sees an IPv4 client). The socket's own peer, never a
 * forwarded header: a client can write any address into X-Forwarded-For.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false
  const ipv4 = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address
  if (isIP(ipv4) === 4) return ipv4.split('.')[0] === '127'
  return isIP(address) === 6 && /^(0{0,4}:){7}0{0,3}1$|^::1$/i.test(address)
}

/**
 * The demo accounts, the test clock and /dev/mail answer only here: outside production, to a
 * request from this machine. A development server reachable from a network serves them to
 * nobody else.
 */
export function localOnly(context: Pick<AppLoadContext, 'config' | 'fromLoopback'>): boolean {
  return !isProduction(context.config) && context.fromLoopback
}

/**
 * A sign-in to a demo account (its published password and TOTP secret) from anywhere but this
 * machine, or in production, where one may linger in a database a development start once
 * seeded. Refused as a wrong password is.
 */
export async function demoSignInRefused(db: Executor, context: Pick<AppLoadContext, 'config' | 'fromLoopback'>, email: string): Promise<boolean> {
  if (localOnly(context)) return false
  const account = await db.selectFrom('staff_users').select('is_demo_data').where('email', '=', email.trim().toLowerCase()).executeTakeFirst()
  return account?.is_demo_data === true
}
