import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DEMO_USERS } from '#contract';
import type { CrmService } from '../crm/crm-service';
import { AppError } from '../errors';
import type { DevIssuer } from '../identity/dev-issuer';
import { parsePart } from './errors';

const DevTokenRequest = z.strictObject({ email: z.string().trim().min(3).max(320) });
const TOKEN_LIFETIME_SECONDS = 3600;

/**
 * Development-only routes: a token for any enabled CRM user, and the dev issuer's public keys
 * (for the emulator's Graph). Registered only in dev auth mode, which production refuses.
 */
export function registerDevRoutes(
  app: FastifyInstance,
  options: { devIssuer: DevIssuer; crm: CrmService; audience: string },
): void {
  app.post('/api/v1/dev/token', async (request) => {
    const { email } = parsePart('body', DevTokenRequest, request.body);
    const actor = await options.crm.actorByEmail(email);
    if (!actor) {
      throw new AppError(
        'not_found',
        `No enabled CRM user has the address ${email}. Seeded users include ${DEMO_USERS.slice(0, 3)
          .map((u) => u.email)
          .join(', ')}.`,
      );
    }
    const accessToken = await options.devIssuer.issueUserToken(actor, {
      audience: options.audience,
      expiresInSeconds: TOKEN_LIFETIME_SECONDS,
    });
    return { access_token: accessToken, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_SECONDS };
  });

  app.get('/api/v1/dev/jwks.json', async () => options.devIssuer.publicJwks());
}
