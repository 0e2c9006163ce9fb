/** What every query site sees: PGlite and node-postgres behind one shape, PostgreSQL dialect only. */
export type QueryResult<T> = { rows: T[]; rowCount: number };

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` in one transaction (BEGIN/COMMIT, ROLLBACK on throw). Inside `fn` use only `tx`:
   * PGlite is one connection, so a `db.query` (or a nested `db.transaction`) from inside waits for
   * the transaction to finish and never returns.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseOptions =
  /** PostgreSQL server (the scale path). */
  | { kind: 'postgres'; url: string; poolSize?: number }
  /** PGlite with data under `dataDir`, or in memory when `dataDir` is undefined. */
  | { kind: 'pglite'; dataDir?: string };
