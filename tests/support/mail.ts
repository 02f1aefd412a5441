import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { freePort } from '../../app/server/embedded-postgres.server'
import type { CompleteReport } from '../../app/domain/report-flow'

export interface CaughtMessage {
  to: string[]
  subject: string
  text: string
  html: string
  messageId: string
  acceptedAt: number
}

/**
 * A real SMTP server in the test process (smtp-server + mailparser). `down()` closes the
 * port as a dead mail server would; `up()` opens it again on the same port. In `stall`
 * mode a message's data is read but never answered, as from a hung server.
 */
export async function startTestSmtp(options: { bodies?: boolean } = {}) {
  // A load bench keeps thousands of pages for the whole run and reads only who, what and when:
  // without their bodies its own heap, and its pauses for collecting it, stay small.
  const bodies = options.bodies ?? true
  const port = await freePort()
  const messages: CaughtMessage[] = []
  const waiters = new Set<() => void>()
  let stall = false
  // Addresses the server answers "550 no such mailbox", as a real one does for a typo.
  const unknownMailboxes = new Set<string>()
  let dataStarted = 0
  let server: SMTPServer | null = null

  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (!unknownMailboxes.has(address.address)) return callback()
        callback(Object.assign(new Error(`<${address.address}>: no such mailbox`), { responseCode: 550 }))
      },
      onData(stream, _session, callback) {
        dataStarted++
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('end', () => {
          if (stall) return
          simpleParser(Buffer.concat(chunks))
            .then((parsed) => {
              const to = [parsed.to ?? []].flat().flatMap((address) => address.value.map((entry) => entry.address ?? ''))
              messages.push({
                to,
                subject: parsed.subject ?? '',
                text: bodies ? (parsed.text ?? '') : '',
                html: bodies && typeof parsed.html === 'string' ? parsed.html : '',
                messageId: parsed.messageId ?? '',
                acceptedAt: Date.now(),
              })
              callback()
              waiters.forEach((wake) => wake())
            })
            .catch(callback)
        })
      },
    })

  const up = async () => {
    if (server) return
    server = create()
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject)
      server!.listen(port, '127.0.0.1', resolve)
    })
  }
  const down = async () => {
    const closing = server
    server = null
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()))
  }
  await up()

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    up,
    down,
    rejectMailbox: (address: string) => unknownMailboxes.add(address),
    /** The mailbox exists again: a message sent to it once more is taken. */
    acceptMailbox: (address: string) => unknownMailboxes.delete(address),
    setStall: (value: boolean) => {
      stall = value
    },
    /** How many messages' data the server has started to read, accepted or not. */
    dataStarted: () => dataStarted,
    /** Resolves when `predicate` holds over the messages, or rejects after `timeoutMs`. */
    waitFor(predicate: (messages: CaughtMessage[]) => boolean, timeoutMs = 30_000): Promise<CaughtMessage[]> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(messages)) return
          cleanup()
          resolve(messages)
        }
        const timer = setTimeout(() => {
          cleanup()
          reject(new Error(`mail not seen in ${timeoutMs} ms; caught: ${messages.map((message) => `${message.to.join(',')} "${message.subject}"`).join('; ')}`))
        }, timeoutMs)
        const cleanup = () => {
          clearTimeout(timer)
          waiters.delete(check)
        }
        waiters.add(check)
        check()
      })
    },
    stop: down,
  }
}

export type TestSmtp = Awaited<ReturnType<typeof startTestSmtp>>

// As a CompleteReport names them, and as readReport() returns them from the database.
const PERSONAL_FIELDS = new Set([
  'name',
  'personalIdentityNumber',
  'personal_identity_number',
  'birthDate',
  'birth_date',
  'whereabouts',
  'school',
  'guardians',
  'interpreterLanguage',
  'interpreter_language',
  'description',
  'phone',
  'email',
  'relation',
  'organisationName',
  'organisation_name',
  'role',
  'guardiansNotInformedReason',
  'guardians_not_informed_reason',
])

/** Every answer in a report that says something about a person: what no e-mail may carry. */
export function personalDataOf(report: CompleteReport | Record<string, unknown>): string[] {
  const found: string[] = []
  const walk = (value: unknown, key: string | null) => {
    if (typeof value === 'string' && key && PERSONAL_FIELDS.has(key) && value.trim().length >= 3) found.push(value.trim())
    else if (Array.isArray(value)) value.forEach((item) => walk(item, key))
    else if (value && typeof value === 'object') Object.entries(value).forEach(([child, item]) => walk(item, child))
  }
  walk(report, null)
  return found
}

// A personnummer or samordningsnummer in any of its written forms.
const IDENTITY_NUMBER = /\b(?:19|20)?\d{6}[-+]?\d{4}\b/

/**
 * What an e-mail may contain (issue 6): a reference, a level, a municipality, a time and a
 * link. Returns the problems found in the subject and bodies of `messages`.
 */
export function personalDataInMail(
  messages: ReadonlyArray<Pick<CaughtMessage, 'subject' | 'text' | 'html'>>,
  reports: ReadonlyArray<CompleteReport | Record<string, unknown>>,
): string[] {
  const forbidden = [...new Set(reports.flatMap(personalDataOf))].map((value) => ({
    value,
    // As a word of its own: a child called "Ella" is not found inside "ställa".
    pattern: new RegExp(`(^|[^\\p{L}\\p{N}])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'iu'),
  }))
  const problems: string[] = []
  for (const message of messages) {
    const content = [message.subject, message.text, message.html].join('\n')
    for (const { value, pattern } of forbidden) {
      if (pattern.test(content)) problems.push(`"${message.subject}" contains "${value}"`)
    }
    const identity = IDENTITY_NUMBER.exec(content)
    if (identity) problems.push(`"${message.subject}" contains an identity number ${identity[0]}`)
  }
  return problems
}
