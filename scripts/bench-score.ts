/**
 * npm run bench:score: throughput of the pure scorer on one core (this process), in conversations
 * per second, for 10- and 40-message conversations, with the time split by stage.
 * Conversations are assembled from the bundled samples' messages: real chat lengths, all four languages.
 */
import { conversationSchema, type Conversation } from '../src/contract/conversation';
import { scoreConversation, STAGES, type Stage, type StageRunner } from '../src/scoring';
import { loadModels } from '../src/scoring/models';
import { scorerVersion } from '../src/scoring/version';
import { sampleConversations } from './samples/conversations';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
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

function measure(messagesEach: number) {
  const conversations = generate(500, messagesEach);
  for (const c of conversations) scoreConversation(c, models); // warm-up: let the JIT settle

  // One-second rounds, reported as their median and range: on a shared machine a neighbour's burst
  // drags down a round or two, and a single average would hide that.
  const rates: number[] = [];
  for (let round = 0; round < SECONDS; round++) {
    let scored = 0;
    const started = performance.now();
    while (performance.now() - started < 1000) {
      for (const c of conversations) scoreConversation(c, models);
      scored += conversations.length;
    }
    rates.push(scored / ((performance.now() - started) / 1000));
  }
  rates.sort((a, b) => a - b);
  const rate = rates[Math.floor(rates.length / 2)]!;

  const spent = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  const timed: StageRunner = (stage, run) => {
    const t0 = performance.now();
    const result = run();
    spent[stage] += performance.now() - t0;
    return result;
  };
  for (const c of conversations) scoreConversation(c, models, timed);
  const total = Object.values(spent).reduce((a, b) => a + b, 0);
  const split = STAGES.map((s) => `${s} ${((100 * spent[s]) / total).toFixed(0)}%`).join(', ');
  return { messagesEach, conversationsPerSecond: rate, low: rates[0]!, high: rates[rates.length - 1]!, messagesPerSecond: rate * messagesEach, split };
}

console.log(`scorer ${scorerVersion(models)}, one core, ${SECONDS} one-second rounds per size (median, and the range), Node ${process.version}`);
const fmt = (n: number) => Math.round(n).toLocaleString('en');
for (const size of [10, 40]) {
  const r = measure(size);
  console.log(
    `${String(size).padStart(2)}-message conversations: ${fmt(r.conversationsPerSecond)} conversations/s (${fmt(r.low)}-${fmt(r.high)}) ` +
      `${fmt(r.messagesPerSecond)} messages/s\n    time by stage: ${r.split}`,
  );
}
