import { AppError } from '../errors';
import type { Actor, CrmService } from '../crm/crm-service';
import type { TokenVerifier } from '../identity/token-verifier';

export type Authenticator = (authorizationHeader: string | undefined) => Promise<Actor>;

/**
 * Bearer token -> CRM user. The token proves (tenant id, object id); the CRM decides whether that
 * identity is an enabled user. Unknown and disabled users get the same answer.
 */
export function createAuthenticator(
  verify: TokenVerifier,
  crm: Pick<CrmService, 'actorByIdentity'>,
): Authenticator {
  return async (header) => {
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match?.[1]) {
      throw new AppError(
        'unauthenticated',
        header
          ? 'The Authorization header must be "Bearer <access token>".'
          : 'Sign in first: send "Authorization: Bearer <access token>".',
      );
    }
    const identity = await verify(match[1]);
    const actor = await crm.actorByIdentity(identity.tenantId, identity.objectId);
    if (!actor) {
      throw new AppError(
        'unauthenticated',
        `${identity.username ?? 'This account'} is not an active user of this CRM; ask your CRM administrator to add or enable it.`,
      );
    }
    return actor;
  };
}
