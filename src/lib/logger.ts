import { pino, type DestinationStream, type Logger } from 'pino';
import { logSafeError } from './log-safe-error';

export type { Logger };

/** JSON lines to stdout. Message text and personal data never go into log fields. */
export function createLogger(level: string, base: Record<string, unknown> = {}, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'parley', ...base }, timestamp: pino.stdTimeFunctions.isoTime, serializers: { err: logSafeError } };
  return destination ? pino(options, destination) : pino(options);
}
