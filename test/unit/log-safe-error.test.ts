import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger';

describe('errors in logs', () => {
  it('never carry a failed query’s parameters, in the message, the stack or the cause', () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "x"'), { code: '23505' });
    const failed = new DrizzleQueryError('insert into "messages" ("text") values ($1)', ['my card is 4111 and I live at Rua X'], cause);
    const lines: string[] = [];
    const logger = createLogger('info', {}, { write: (line: string) => void lines.push(line) });
    logger.error({ err: new Error('scoring failed', { cause: failed }) }, 'boom');
    logger.error({ err: failed }, 'boom');
    const logged = lines.join('\n');
    expect(logged).not.toContain('Rua X');
    expect(logged).toContain('parameters withheld');
    expect(logged).toContain('duplicate key value');
    expect(logged).toContain('insert into \\"messages\\"');
  });
});
