import { z } from 'zod';

const url = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres:postgres@127.0.0.1:5432/parley'),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  // Every Redis key Parley writes starts with this, so test runs and deployments can share one Redis.
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'letters, digits, "_" and "-" only')
    .default('parley'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(3000),
  DB_POOL_MAX: int(1, 100).default(10),
  WORKER_CONCURRENCY: int(1, 64).default(4),
  // A job whose worker died (killed, out of memory) is taken up again once its lock lapses: this long
  // at most. Shorter recovers sooner; too short and a worker starved of CPU loses jobs it is scoring.
  JOB_LOCK_MS: int(1_000, 600_000).default(30_000),
  SHUTDOWN_TIMEOUT_MS: int(100, 120_000).default(10_000),
  MAX_BODY_BYTES: int(1024, 64 * 1024 * 1024).default(10 * 1024 * 1024),
  // Per API key, unless the key has a limit of its own.
  RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default(600),
  // KPI queries over fewer conversations than this are answered from the conversations (exact
  // percentiles) even where the rollups could: at this size that takes tens of milliseconds.
  KPI_EXACT_BELOW: int(0, 1_000_000_000).default(2_000),
  // Every worker runs a reconciler this often (0: never). It queues conversations stored but not
  // scored by the current scorer version (a lost queue, a failed enqueue, a new scorer version).
  RECONCILE_INTERVAL_MS: int(0, 86_400_000).default(30_000),
  // ... once they have been stored this long: younger ones may still have their job in the queue.
  // A round queues nothing while more than 20 jobs wait, so what is older than this and unscored
  // has lost its job; a longer grace only delays recovery from a lost queue.
  RECONCILE_GRACE_SECONDS: int(0, 86_400).default(30),
  // The search reads every conversation, so it runs when jobs may have been lost (Redis lost its
  // data), when the scorer version changes, and at least this often as a safety net.
  RECONCILE_SWEEP_HOURS: int(1, 720).default(6),
  // An authenticated API key is remembered this long (0: looked up on every request). A key revoked
  // or a workspace changed through another API process takes effect here within this time.
  API_KEY_CACHE_SECONDS: int(0, 300).default(5),
  // Where a worker serves /livez, /readyz and /metrics (the API serves them on PORT); 0: any free port.
  WORKER_OPS_PORT: int(0, 65535).default(9464),
  // When set, /metrics needs `Authorization: Bearer <METRICS_TOKEN>`.
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  // Admin keys of this workspace (its slug) open the queue dashboard at /admin/queues, which shows
  // every workspace's jobs; unset, nobody does.
  OPERATOR_WORKSPACE: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = Readonly<z.infer<typeof configSchema>>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses settings from an environment-like map; throws a ConfigError naming every bad setting. */
export function parseConfig(source: Record<string, string | undefined>): Config {
  // Empty strings mean "unset" so `FOO= npm run up` falls back to the default instead of failing oddly.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  return Object.freeze(result.data);
}

/** Reads process.env once at start; on failure prints what is wrong and exits, as entry points should. */
export function loadConfigOrExit(): Config {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
