import type { Executor } from './db.server'

export interface Municipality {
  code: string
  name: string
}

export async function listMunicipalities(db: Executor): Promise<Municipality[]> {
  const rows = await db.selectFrom('municipalities').select(['code', 'name']).execute()
  // Swedish order puts Å, Ä and Ö after Z, where a Swedish reader looks for them.
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'sv'))
}
