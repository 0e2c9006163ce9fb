import type { Actor, CrmService } from '#server/crm/crm-service';
import type { Queryable } from '#server/db/types';

export const ALEX = 'alex.morgan@contoso.example';
export const SAM = 'sam.lee@contoso.example';
export const ADMIN = 'admin@contoso.example';
export const TAYLOR = 'taylor.brooks@contoso.example';
export const CASEY = 'casey.nguyen@contoso.example';

export async function actor(crm: CrmService, email: string): Promise<Actor> {
  const a = await crm.actorByEmail(email);
  if (!a) throw new Error(`no seeded user ${email}`);
  return a;
}

/** The id of a seeded record by a unique column value (tests name fixtures, not ids). */
export async function idOf(db: Queryable, table: string, column: string, value: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM ${table} WHERE ${column} = $1`, [value]);
  if (rows.length !== 1)
    throw new Error(`expected one ${table} with ${column} = ${value}, found ${rows.length}`);
  return rows[0]!.id;
}

let counter = 0;
/** A message id no other test uses. */
export function uniqueKey(label: string): string {
  counter += 1;
  return `<${label}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2)}@test.example>`;
}
