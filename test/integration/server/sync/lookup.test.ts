import { GRAPH_APP_ROLES, GRAPH_AUDIENCE } from '#contract';
import { SEEDED, startEmulator, type RunningEmulator } from '#emulator/server';
import type { Actor } from '#server/crm/crm-service';
import { AppError } from '#server/errors';
import { createDevIssuer } from '#server/identity/dev-issuer';
import { createMailboxLookup, type MailboxLookup } from '#server/sync/index';

// The pane keys a meeting by iCalUId, which Office.js does not expose: the server reads it through
// Graph, in the caller's own mailbox only.
const actor = (email: string): Actor => ({
  userId: '00000000-0000-4000-8000-000000000001',
  tenantId: 't',
  objectId: 'o',
  email,
  name: email,
  businessUnitId: 'b',
  isAdmin: false,
});

describe('appointment key lookup', () => {
  let emulator: RunningEmulator;
  let lookup: MailboxLookup;

  beforeAll(async () => {
    const issuer = createDevIssuer();
    emulator = await startEmulator({
      port: 0,
      jwks: issuer.publicJwks(),
      crmUrl: 'http://127.0.0.1:9',
      addinDistDir: 'dist/addin',
      emulatorDistDir: 'dist/emulator',
    });
    lookup = createMailboxLookup({
      baseUrl: emulator.graphUrl,
      tokenProvider: () => issuer.issueAppToken({ audience: GRAPH_AUDIENCE, roles: GRAPH_APP_ROLES }),
    });
  });
  afterAll(async () => {
    await lookup.close();
    await emulator.close();
  });

  it("answers the iCalUId of a meeting in the caller's calendar", async () => {
    const meeting = SEEDED.alex.calendar.fabrikamReview;
    await expect(lookup.appointmentKey(actor('alex.morgan@contoso.example'), meeting.id)).resolves.toEqual({
      key: meeting.iCalUId,
    });
  });

  it("never reads another user's calendar: Alex's item id in Sam's name is not found", async () => {
    const meeting = SEEDED.alex.calendar.fabrikamReview;
    const failure = await lookup.appointmentKey(actor('sam.lee@contoso.example'), meeting.id).catch((e) => e);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('not_found');
  });

  it('says the lookup is unavailable when Graph is throttling, with when to retry', async () => {
    emulator.faults.update({ graph: { mode: 'throttle', retryAfterSeconds: 7 } });
    try {
      const meeting = SEEDED.alex.calendar.fabrikamReview;
      const failure = await lookup
        .appointmentKey(actor('alex.morgan@contoso.example'), meeting.id)
        .catch((e) => e);
      expect((failure as AppError).code).toBe('unavailable');
      expect((failure as AppError).retryAfter).toBe(7);
    } finally {
      emulator.faults.reset();
    }
  });

  it('says mailbox access is not configured when the server has no Graph credentials', async () => {
    const none = createMailboxLookup(null);
    const failure = await none.appointmentKey(actor('alex.morgan@contoso.example'), 'x').catch((e) => e);
    expect((failure as AppError).code).toBe('unavailable');
  });
});
