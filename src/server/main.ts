import { ConfigError, loadConfig } from './config';
import { createRegardingServer, type RegardingServer } from './app';

/** Standalone entry (production or any environment-configured run): env -> config -> server. */
async function main(): Promise<void> {
  let server: RegardingServer;
  try {
    server = await createRegardingServer(loadConfig(process.env));
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
  console.log(`Regarding listening at ${server.url}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.http.log.info(`${signal}: finishing open requests, then stopping`);
    // A stuck request must not keep the process from stopping forever.
    const force = setTimeout(() => {
      console.error('Shutdown took longer than 25 s; exiting.');
      process.exit(1);
    }, 25_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Error during shutdown:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
