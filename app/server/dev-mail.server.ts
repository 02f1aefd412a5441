import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { simpleParser } from 'mailparser'

/** The latest messages the development mail catcher kept (mail-catcher.server.ts), newest first. */
export async function caughtMail(dataDir: string, limit: number) {
  const dir = path.join(dataDir, 'mail')
  const files = await readdir(dir).catch(() => [] as string[])
  // File names start with the time the message arrived.
  const latest = files
    .filter((file) => file.endsWith('.eml'))
    .sort()
    .reverse()
    .slice(0, limit)
  return Promise.all(
    latest.map(async (file) => {
      const parsed = await simpleParser(await readFile(path.join(dir, file)))
      return {
        id: file,
        to: [parsed.to ?? []]
          .flat()
          .map((address) => address.text)
          .join(', '),
        subject: parsed.subject ?? '',
        date: (parsed.date ?? new Date(Number(file.split('-')[0]))).toISOString(),
        text: parsed.text ?? '',
      }
    }),
  )
}
