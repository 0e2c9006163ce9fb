import { DEFAULT_API_AUDIENCE, DEMO_USERS, DEV_TENANT_ID } from '#contract';
import type { Actor } from '#server/crm/crm-service';
import { AppError } from '#server/errors';
import { createAuthenticator } from '#server/http/authenticate';
import { createDevIssuer, createDevVerifier } from '#server/identity/dev-issuer';

const alex = DEMO_USERS[0]!;
const issuer = createDevIssuer();
const verify = createDevVerifier(issuer, { audience: DEFAULT_API_AUDIENCE, clockToleranceSeconds: 60 });

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the header to be rejected');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('authenticator', () => {
  const actor: Actor = {
    userId: '6b1f0000-0000-4000-8000-000000000001',
    tenantId: DEV_TENANT_ID,
    objectId: alex.objectId,
    email: alex.email,
    name: alex.name,
    businessUnitId: '6b1f0000-0000-4000-8000-0000000000b1',
    isAdmin: false,
  };
  const known = new Map([[`${DEV_TENANT_ID}/${alex.objectId}`, actor]]);
  const authenticate = createAuthenticator(verify, {
    actorByIdentity: async (tid, oid) => known.get(`${tid}/${oid}`) ?? null,
  });

  it('maps a valid token to the CRM user by tenant and object id', async () => {
    await expect(authenticate(`Bearer ${await issuer.issueUserToken(alex)}`)).resolves.toEqual(actor);
  });

  it('rejects a valid token of a user the CRM does not know or has disabled', async () => {
    const sam = DEMO_USERS[1]!;
    const error = await rejection(authenticate(`Bearer ${await issuer.issueUserToken(sam)}`));
    expect(error.code).toBe('unauthenticated');
    expect(error.message).toContain(sam.email);
  });

  it('asks for a bearer token when the header is missing or of another scheme', async () => {
    expect((await rejection(authenticate(undefined))).message).toMatch(/Sign in first/);
    expect((await rejection(authenticate('Basic YWxleDpwYXNz'))).message).toMatch(/Bearer <access token>/);
  });
});
