import { connect, type Socket } from 'node:net';

/** What postgres.js passes a `socket` factory: its parsed connection options. */
interface SocketOptions {
  host: string[];
  port: number[];
  path: string | false;
}

/**
 * The connection postgres.js would open, with Nagle's algorithm off. postgres.js leaves it on, and a
 * COPY sends its rows and its end in separate small writes: the second waits for the server's
 * delayed acknowledgement, about 40 ms, twice a COPY. A 2-row COPY measured 86 ms this way and
 * 0.5–1 ms with TCP_NODELAY. Several hosts are tried in turn, one per connection attempt.
 *
 * The socket is handed over still connecting: postgres.js writes its startup message at once (Node
 * holds it until connected), and a refused or timed-out connection reaches postgres.js as the
 * socket's error and close, so its own reconnecting and connect timeout work as without a factory.
 */
export function noDelaySocketFactory(): (options: SocketOptions) => Socket {
  let attempt = 0;
  return (options) => {
    if (options.path) return connect({ path: options.path });
    const i = attempt++ % options.host.length;
    return connect({ host: options.host[i], port: options.port[i] ?? options.port[0]!, noDelay: true });
  };
}
