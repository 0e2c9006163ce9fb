import type { Queryable } from '../db/types';
import type { AccessContext } from './security';

/** Writes one audit log row as the actor, in the caller's transaction when `q` is one. */
export async function writeAudit(
  q: Queryable,
  ctx: AccessContext,
  action: string,
  target: { type: string; id: string | null },
  details: Record<string, unknown>,
): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (organization_id, actor_user_id, action, target_type, target_id, details)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
    [ctx.organizationId, ctx.userId, action, target.type, target.id, JSON.stringify(details)],
  );
}
