import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { SMTPServer } from 'smtp-server'
import { freePort } from './embedded-postgres.server'

export interface MailCatcher {
  url: string
  stop: () => Promise<void>
}

/**
 * For development only: an SMTP server on loopback that keeps every message as an .eml file
 * under `dir`, so nothing leaves the machine while the service is tried out.
 */
export async function startMailCatcher(dir: string): Promise<MailCatcher> {
  await mkdir(dir, { recursive: true })
  const port = await freePort()
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const file = path.join(dir, `${Date.now()}-${session.id}.eml`)
        writeFile(file, Buffer.concat(chunks)).then(() => callback(), callback)
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    url: `smtp://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
