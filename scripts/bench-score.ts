/**
 * npm run bench:score: throughput of the pure scorer on one core (this process), in conversations
 * per second, for 10- and 40-message conversations, with the time split by stage.
 * Conversations are assembled from the bundled samples' messages: real chat lengths, all four languages.
 *
 * npm run bench:score -- --against DIR: this checkout's scorer against the one in checkout DIR (say
 * a `git worktree` of the previous commit), in alternating rounds in this one process, and whether
 * they score every conversation the same. On a shared machine whose speed drifts from one minute to
 * the next, comparing two separate runs says little.
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { conversationSchema, type Conversation } from '../src/contract/conversation';
import { scoreConversation, STAGES, type Stage, type StageRunner } from '../src/scoring';
import { loadModels } from '../src/scoring/models';
import { scorerVersion } from '../src/scoring/version';
import { sampleConversations } from './samples/conversations';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const { values: args } = parseArgs({ options: { against: { type: 'string' } } });
const models = loadModels();
const samples = sampleConversations().map((c) => conversationSchema.parse(c));

/** Cycles through the samples' customer and business lines, alternating, at 30-90 s intervals. */
function generate(count: number, messagesEach: number): Conversation[] {
  return Array.from({ length: count }, (_, i) => {
    const source = samples[i % samples.length]!;
    const pool = samples.filter((s) => s.language === source.language || s === source).flatMap((s) => s.messages);
    const customer = pool.filter((m) => m.role === 'customer');
    const business = pool.filter((m) => m.role !== 'customer' && m.role !== 'system');
    const start = source.messages[0]!.sentAt.getTime();
    const messages = Array.from({ length: messagesEach }, (_, j) => {
      const from = j % 2 === 0 ? customer : business;
      const m = from[(i + j) % from.length]!;
      return { ...m, sentAt: new Date(start + j * (30_000 + ((i * 7 + j * 13) % 60) * 1000)) };
    });
    return { ...source, externalId: `bench-${i}`, messages };
  });
}

/**
 * Copies never scored before, as a worker's are (each comes fresh from Postgres). Scoring the same
 * objects again is faster: the scorer remembers a conversation's folded texts by its messages array
 * (messageTexts), and V8 has already worked on those very strings. Timed in alternation in one
 * process, a fresh copy took 1.17-1.46× as long (median 1.21).
 */
const fresh = (conversations: Conversation[]): Conversation[] => conversations.map((c) => structuredClone(c));

function measure(messagesEach: number) {
  const conversations = generate(500, messagesEach);
  for (const c of fresh(conversations)) scoreConversation(c, models); // warm-up: let the JIT settle

  // One-second rounds, reported as their median and range: on a shared machine a neighbour's burst
  // drags down a round or two, and a single average would hide that.
  const rates = Array.from({ length: SECONDS }, () => round((c) => scoreConversation(c, models), conversations)).sort((a, b) => a - b);
  const rate = median(rates);

  const spent = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  const timed: StageRunner = (stage, run) => {
    const t0 = performance.now();
    const result = run();
    spent[stage] += performance.now() - t0;
    return result;
  };
  for (const c of fresh(conversations)) scoreConversation(c, models, timed);
  const total = Object.values(spent).reduce((a, b) => a + b, 0);
  const split = STAGES.map((s) => `${s} ${((100 * spent[s]) / total).toFixed(0)}%`).join(', ');
  return { messagesEach, conversationsPerSecond: rate, low: rates[0]!, high: rates[rates.length - 1]!, messagesPerSecond: rate * messagesEach, split };
}

type Score = (conversation: Conversation) => unknown;

/** The scorer of another checkout, with that checkout's own models. */
async function scorerAt(root: string): Promise<Score> {
  const load = (path: string) => import(pathToFileURL(join(root, path)).href);
  const [{ scoreConversation: score }, { loadModels: loadThose }] = await Promise.all([load('src/scoring/index.ts'), load('src/scoring/models.ts')]);
  const theirs = loadThose(join(root, 'models'));
  return (conversation) => score(conversation, theirs);
}

/** Conversations scored per second in one round of about a second of scoring, each a fresh copy. */
function round(score: Score, conversations: Conversation[]): number {
  let scored = 0;
  let spent = 0;
  while (spent < 1000) {
    const batch = fresh(conversations);
    const started = performance.now();
    for (const c of batch) score(c);
    spent += performance.now() - started;
    scored += batch.length;
  }
  return scored / (spent / 1000);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function compare(root: string): Promise<void> {
  const theirs = await scorerAt(root);
  const ours: Score = (c) => scoreConversation(c, models);
  console.log(`scorer ${scorerVersion(models)} here against ${root}, one core, ${SECONDS * 2} alternating one-second rounds each, Node ${process.version}`);
  for (const size of [10, 40]) {
    const conversations = generate(500, size);
    for (let warm = 0; warm < 3; warm++) for (const score of [ours, theirs]) fresh(conversations).forEach(score);
    const differing = conversations.filter((c) => JSON.stringify(ours(c)) !== JSON.stringify(theirs(c))).length;
    const here: number[] = [];
    const there: number[] = [];
    for (let r = 0; r < SECONDS * 2; r++) {
      // Each goes first in every other round, so neither always follows the other's garbage.
      const order = r % 2 === 0 ? [ours, theirs] : [theirs, ours];
      for (const score of order) (score === ours ? here : there).push(round(score, conversations));
    }
    const ratios = here.map((h, i) => h / there[i]!).sort((a, b) => a - b);
    console.log(
      `${String(size).padStart(2)}-message conversations: here ${fmt(median(here))}/s, there ${fmt(median(there))}/s; ` +
        `here/there by round: median ${median(ratios).toFixed(2)} (${ratios[0]!.toFixed(2)}-${ratios[ratios.length - 1]!.toFixed(2)}); ` +
        `scored differently: ${differing} of ${conversations.length}`,
    );
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
if (args.against) {
  await compare(resolve(args.against));
  process.exit(0);
}

console.log(`scorer ${scorerVersion(models)}, one core, ${SECONDS} one-second rounds per size (median, and the range), Node ${process.version}`);
for (const size of [10, 40]) {
  const r = measure(size);
  console.log(
    `${String(size).padStart(2)}-message conversations: ${fmt(r.conversationsPerSecond)} conversations/s (${fmt(r.low)}-${fmt(r.high)}) ` +
      `${fmt(r.messagesPerSecond)} messages/s\n    time by stage: ${r.split}`,
  );
}
