import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger';
import { logRoundFailure } from '../../workers/round-failure';

describe('a background round that threw', () => {
  const logged = () => {
    const lines: { level: number; msg: string; err?: { message: string } }[] = [];
    return { lines, logger: createLogger('info', {}, { write: (line: string) => void lines.push(JSON.parse(line)) }) };
  };

  it('is a warning that the next round tries again when Postgres is away, as in a restart or a failover', () => {
    const { lines, logger } = logged();
    logRoundFailure(logger, 'kpi rollup refresh', Object.assign(new Error('write CONNECTION_CLOSED 127.0.0.1:5432'), { code: 'CONNECTION_CLOSED' }));
    logRoundFailure(logger, 'reconcile round', Object.assign(new Error('the database system is shutting down'), { code: '57P01' }));
    expect(lines).toMatchObject([
      { level: 40, msg: 'kpi rollup refresh skipped: database unavailable; the next round tries again', err: { message: 'write CONNECTION_CLOSED 127.0.0.1:5432' } },
      { level: 40, msg: 'reconcile round skipped: database unavailable; the next round tries again' },
    ]);
  });

  it('is an error for anything else', () => {
    const { lines, logger } = logged();
    logRoundFailure(logger, 'reconcile round', Object.assign(new Error('column "x" does not exist'), { code: '42703' }));
    expect(lines).toMatchObject([{ level: 50, msg: 'reconcile round failed' }]);
  });
});
