import type { JSONWebKeySet } from 'jose';
import type { Faults } from './faults/faults';
import type { IdentityOptions } from './identity/provider';
import type { SeedOptions } from './mailbox/seed';
import type { MailboxStore } from './mailbox/store';

/** Options of `startEmulator`. */
export type EmulatorOptions = {
  /** 0 picks a free port. */
  port: number;
  /** Interface to listen on (default 127.0.0.1, URLs then say `localhost`); else also the URLs' host. */
  host?: string;
  /** HTTPS when given (PEM); plain HTTP otherwise. */
  tls?: { key: string; cert: string };
  /**
   * Public keys of the dev issuer, whose tokens Graph accepts besides those of the emulated
   * identity provider (the dev issuer's `publicJwks()`).
   */
  jwks: JSONWebKeySet;
  /** The emulated Entra ID: redirect URIs of the Regarding client, sync app certificates, clock. */
  identity?: IdentityOptions;
  /** The CRM server behind `/crm/*`. */
  crmUrl: string;
  /** PEM to trust for `crmUrl` (the dev launcher's self-signed certificate). */
  crmCa?: string;
  /** The built add-in (`dist/addin`), served at `/pane/`. */
  addinDistDir: string;
  /** The built host page and Office.js shim (`dist/emulator`). */
  emulatorDistDir: string;
  /** Seed options for the demo mailboxes; `false` starts with no mailboxes at all. */
  seed?: SeedOptions | false;
  /** Fastify request logging (default off). */
  logger?: boolean;
};

/** What the emulator hands to its route modules (the host page's `hostRoutes(app, ctx)` included). */
export type EmulatorContext = {
  store: MailboxStore;
  faults: Faults;
  opts: EmulatorOptions;
  /** Clears the store and seeds the demo mailboxes again (what `POST /emulator/api/reset` does). */
  reseed(): void;
};
