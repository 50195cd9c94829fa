import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCallerCache } from '../../src/auth/caller-cache';
import type { Caller } from '../../src/db/queries/api-keys';

const caller = (keyId: string, workspaceId: string, keyExpiresAt: Date | null = null): Caller => ({
  keyId,
  keyExpiresAt,
  scopes: new Set(['read']),
  rateLimitPerMinute: null,
  workspace: { id: workspaceId, slug: workspaceId, redaction: { enabled: false, types: [] } as never, pseudonymKey: 'k', timeZone: 'UTC' },
});

afterEach(() => vi.useRealTimers());

describe('the authenticated-key cache', () => {
  it('remembers a token for its time, never past the key’s expiry, and forgets what this process changed', () => {
    vi.useFakeTimers({ now: new Date('2026-12-01T00:00:00Z') });
    const cache = createCallerCache(5);
    cache.set('t1', caller('k1', 'w1'));
    cache.set('t2', caller('k2', 'w1', new Date('2026-12-01T00:00:02Z')));
    cache.set('t3', caller('k3', 'w2'));
    expect(cache.get('t1')?.keyId).toBe('k1');
    expect(cache.get('other')).toBeUndefined();

    vi.advanceTimersByTime(3_000);
    expect(cache.get('t1')?.keyId).toBe('k1');
    expect(cache.get('t2')).toBeUndefined(); // the key expired before the cache time ran out

    cache.forgetKey('k1');
    expect(cache.get('t1')).toBeUndefined();
    cache.forgetWorkspace('w2');
    expect(cache.get('t3')).toBeUndefined();

    cache.set('t1', caller('k1', 'w1'));
    vi.advanceTimersByTime(5_001);
    expect(cache.get('t1')).toBeUndefined();
  });

  it('remembers nothing when set to 0 seconds', () => {
    const cache = createCallerCache(0);
    cache.set('t1', caller('k1', 'w1'));
    expect(cache.get('t1')).toBeUndefined();
  });
});
