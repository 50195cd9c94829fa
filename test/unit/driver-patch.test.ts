import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger';
import { warnIfDriverUnpatched } from '../../src/db/driver-patch';

describe('the postgres.js patch check at start', () => {
  const logged = () => {
    const lines: { level: number; msg: string }[] = [];
    return { lines, logger: createLogger('info', {}, { write: (line: string) => void lines.push(JSON.parse(line)) }) };
  };

  it('finds the installed driver patched (npm install applied scripts/patches)', () => {
    const { lines, logger } = logged();
    warnIfDriverUnpatched(logger);
    expect(lines).toEqual([]);
  });

  it('warns, saying what to run, when the driver is not', () => {
    const { lines, logger } = logged();
    warnIfDriverUnpatched(logger, 'function nextWrite(fn) {\n  const x = socket.write(chunk, fn)\n');
    expect(lines).toMatchObject([{ level: 40, msg: expect.stringContaining('postgres.js is not patched') }]);
    expect(lines[0]!.msg).toContain('npm install');
  });
});
