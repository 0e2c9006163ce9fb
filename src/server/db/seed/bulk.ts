import type { Database, Queryable } from '../types';

/** Rows per multi-row statement: large enough to keep a million-row seed to a few hundred statements. */
const BATCH_ROWS = 5000;

export type Column = { name: string; type: string };

/** Inserts rows as `INSERT ... SELECT * FROM unnest($1::t[], ...)`, in batches of BATCH_ROWS. */
export async function insertRows(
  q: Queryable,
  table: string,
  columns: Column[],
  rows: unknown[][],
  onBatch?: (n: number) => void,
): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const batch = rows.slice(start, start + BATCH_ROWS);
    const arrays = columns.map((_, c) => batch.map((r) => r[c] ?? null));
    const names = columns.map((c) => c.name).join(', ');
    const unnest = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
    await q.query(`INSERT INTO ${table} (${names}) SELECT * FROM unnest(${unnest})`, arrays);
    onBatch?.(batch.length);
  }
}

/**
 * Rows generated one at a time and written BATCH_ROWS at a time, so a million-row table never sits
 * in memory whole. `written` counts what reached the table.
 */
export function batchedTable(q: Queryable, table: string, columns: Column[], onBatch?: (n: number) => void) {
  const rows: unknown[][] = [];
  let written = 0;
  const flush = async (): Promise<void> => {
    await insertRows(q, table, columns, rows, onBatch);
    written += rows.length;
    rows.length = 0;
  };
  return {
    rows,
    written: () => written,
    /** Writes what is buffered. */
    flush,
    /** Writes the buffer once it holds a full batch. */
    flushWhenFull: async (): Promise<void> => {
      if (rows.length >= BATCH_ROWS) await flush();
    },
  };
}

/** Drops the non-unique indexes of `tables` and answers the statements that recreate them. */
export async function dropSecondaryIndexes(db: Database, tables: string[]): Promise<string[]> {
  const { rows } = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
     JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid
     WHERE i.schemaname = current_schema() AND i.tablename = ANY($1::text[]) AND NOT x.indisunique`,
    [tables],
  );
  for (const r of rows) await db.query(`DROP INDEX IF EXISTS "${r.indexname.replace(/"/g, '""')}"`);
  return rows.map((r) => r.indexdef);
}
