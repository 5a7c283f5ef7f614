// `deskfit serve`: the app for a browser, on loopback with a token unless told otherwise.
import { Command } from 'commander';
import { toErrorShape } from '../../../shared/errors';
import type { RunningServer } from '../../server/server';
import { openService } from '../openService';
import { fail, integer } from '../output';

export const serveCommand = new Command('serve')
  .description('Serve the app to a browser: prints a URL with a one-time token.')
  .option('--host <host>', 'address to bind (loopback unless you choose otherwise)', '127.0.0.1')
  .option('--port <port>', 'port to listen on (0 = any free port)', integer(0, 65535), 0)
  .option('--project <dir>', 'open this project at start')
  .action(async (opts: { host: string; port: number; project?: string }) => {
    const service = await openService();
    let server: RunningServer;
    try {
      if (opts.project) await service.projects.open({ dir: opts.project });
      const { startServer } = await import('../../server/server');
      server = await startServer({ service, host: opts.host, port: opts.port });
    } catch (err) {
      await service.dispose();
      const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
      fail(
        inUse
          ? {
              code: 'BAD_REQUEST',
              message: `Port ${opts.port} is in use: choose another with --port, or --port 0 for any free port.`,
            }
          : toErrorShape(err),
        false,
      );
    }
    if (!['127.0.0.1', 'localhost', '::1'].includes(opts.host)) {
      process.stderr.write(
        `Warning: listening on ${opts.host}, reachable from other machines. Anyone with the token can use deskfit.\n`,
      );
    }
    process.stdout.write(`deskfit is serving at ${server.url}\n`);
    const stop = () => {
      void service
        .dispose()
        .then(() => server.close())
        .finally(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
