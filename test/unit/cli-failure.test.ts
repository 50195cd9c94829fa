import { afterEach, describe, expect, it, vi } from 'vitest';
import { printFailure } from '../../scripts/lib/cli-failure';

describe('a command-line tool that stops on an error', () => {
  const printed = () => {
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
    return lines;
  };
  afterEach(() => vi.restoreAllMocks());

  it('says what to do when Postgres is away', () => {
    const lines = printed();
    printFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    expect(lines).toEqual(['Postgres is not reachable at DATABASE_URL; start it with npm run up (or bash scripts/services.sh)']);
  });

  it('prints any other error without the data a driver quotes in its detail', () => {
    const lines = printed();
    // As postgres.js reports a bad JSON parameter: the detail quotes the customer's text.
    const error = Object.assign(new Error('invalid input syntax for type json'), {
      code: '22P02',
      detail: 'Token "my card number is 4111" is invalid.',
      where: 'JSON data, line 1: my card number is 4111',
    });
    printFailure(error);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'Error', message: 'invalid input syntax for type json', code: '22P02' });
    expect(lines[0]).not.toContain('4111');
  });
});
