// Placeholder: the host page, pane and shim routes land here (see the emulator host work).
import type { FastifyInstance } from 'fastify';

export async function hostRoutes(_app: FastifyInstance, _ctx: unknown): Promise<void> {}
