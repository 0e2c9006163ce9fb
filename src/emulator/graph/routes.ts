import type { FastifyInstance } from 'fastify';
import type { Faults } from '../faults/faults';
import type { MailboxStore } from '../mailbox/store';
import type { TokenVerifier } from './auth';
import { installPipeline } from './pipeline';
import { batchRoute } from './resources/batch';
import { deltaRoutes } from './resources/delta';
import { eventRoutes } from './resources/events';
import { mailFolderRoutes } from './resources/mail-folders';
import { masterCategoryRoutes } from './resources/master-categories';
import { messageRoutes } from './resources/messages';
import { userRoutes } from './resources/users';
import { mailboxRouter } from './router';

export type GraphRouteDeps = {
  store: MailboxStore;
  faults: Faults;
  verify: TokenVerifier;
  /** Links (`@odata.nextLink`, ...) say https. */
  https: boolean;
  /** The whole emulator, where `$batch` runs its inner requests. */
  root: FastifyInstance;
};

/**
 * The routes of Microsoft Graph v1.0 the emulator implements, registered in a plugin under
 * `/graph/v1.0` behind the request pipeline (`pipeline.ts`): one module per resource, collections
 * through the one listing route (`listing.ts`).
 */
export async function graphRoutes(graph: FastifyInstance, deps: GraphRouteDeps): Promise<void> {
  installPipeline(graph, deps);
  const router = mailboxRouter(graph, deps);
  userRoutes(router);
  mailFolderRoutes(router);
  messageRoutes(router);
  eventRoutes(router);
  deltaRoutes(router);
  masterCategoryRoutes(router);
  batchRoute(graph, deps.root);
}
