import type { TestProject } from 'vitest/node';
import { startThrowawayCluster } from '#scripts/pg-cluster';

/**
 * vitest globalSetup of the integration project: gives every test file a PostgreSQL server URL
 * (`inject('databaseUrl')`). With `DATABASE_URL` set, that server is used (the test helper creates
 * its own databases on it, so the role needs CREATEDB). Otherwise a throwaway PostgreSQL cluster
 * is created with initdb in a temp dir, started on a free port on 127.0.0.1 only, and stopped and
 * removed at teardown. A missing PostgreSQL fails the run with a message saying what to install.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the PostgreSQL server integration tests create their databases on. */
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.DATABASE_URL;
  if (external) {
    project.provide('databaseUrl', external);
    return async () => undefined;
  }
  const cluster = await startThrowawayCluster();
  project.provide('databaseUrl', cluster.url);
  return cluster.stop;
}
