import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../lib/logger';
import { scrapeAllowed } from '../metrics/scrape-auth';
import { livenessBody, readinessBody, type Readiness } from './readiness';

export interface OpsServerOptions {
  host: string;
  /** 0: any free port (logged). */
  port: number;
  registry: Registry;
  readiness(): Promise<Readiness>;
  metricsToken: string | undefined;
  logger: Logger;
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/** A worker's /livez, /readyz and /metrics: what the API serves on its own port, for a process without one. */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server = createServer((req, res) => {
    const reply = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type }).end(body);
    };
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return reply(405, JSON.stringify({ code: 'method_not_allowed' }));
    if (path === '/livez') return reply(200, JSON.stringify(livenessBody()));
    if (path === '/readyz') {
      options.readiness().then(
        (state) => reply(state.ready ? 200 : 503, JSON.stringify(readinessBody(state))),
        () => reply(503, JSON.stringify({ status: 'unavailable' })),
      );
      return;
    }
    if (path === '/metrics') {
      if (!scrapeAllowed(req.headers.authorization, options.metricsToken)) return reply(401, JSON.stringify({ code: 'unauthorized' }));
      options.registry.metrics().then(
        (text) => reply(200, text, options.registry.contentType),
        (error: unknown) => {
          options.logger.error({ err: error }, 'metrics scrape failed');
          reply(500, JSON.stringify({ code: 'internal_error' }));
        },
      );
      return;
    }
    reply(404, JSON.stringify({ code: 'not_found' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  options.logger.info({ url: `http://${options.host}:${port}`, paths: ['/livez', '/readyz', '/metrics'] }, 'ops endpoints listening');
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
