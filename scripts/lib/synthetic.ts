import { CHANNELS, type ConversationInput } from '../../src/contract/conversation';
import { sampleConversations } from '../samples/conversations';

const DAY_MS = 86_400_000;

/**
 * Realistic conversations for benchmarks, without any customer data: each reuses the customer and
 * business lines of the bundled samples in one language (en/pt/es/ro), alternating customer and
 * agent or bot at 30-90 s, across every channel, with the events and attributes a help desk
 * exports (assignment, resolution on two in three, CSAT on one in five). Conversation `index` of
 * `count` starts that far into the year before `end`, give or take an hour, as a help desk's
 * export lists them. Deterministic: the same arguments always give the same conversation.
 */
export function syntheticConversation(index: number, count: number, messagesEach: number, end = Date.parse('2026-11-01T00:00:00Z')): ConversationInput {
  const language = LANGUAGES[index % LANGUAGES.length]!;
  const pool = POOLS.get(language)!;
  const start = end - 365 * DAY_MS + Math.floor((index / count) * 365 * DAY_MS) + ((index * 7_919) % 60) * 60_000;
  const channel = CHANNELS[index % (CHANNELS.length - 1)]!;
  const agent = `agent-${index % 60}`;
  const bot = index % 3 === 0;
  let sentAt = start;
  const messages = Array.from({ length: messagesEach }, (_, j) => {
    if (j > 0) sentAt += 30_000 + ((index * 7 + j * 13) % 60) * 1000;
    const customer = j % 2 === 0;
    const from = customer ? pool.customer : bot && j < 4 ? pool.bot : pool.agent;
    const line = from[(index + j * 3) % from.length]!;
    return {
      role: customer ? ('customer' as const) : bot && j < 4 ? ('bot' as const) : ('agent' as const),
      ...(customer ? {} : { authorId: bot && j < 4 ? 'bot' : agent }),
      text: line,
      sentAt: new Date(sentAt).toISOString(),
    };
  });
  const last = Date.parse(messages[messages.length - 1]!.sentAt);
  const events: NonNullable<ConversationInput['events']> = [
    { type: 'assigned', at: new Date(start).toISOString(), agentId: agent, team: `team-${index % 6}` },
    ...(index % 3 !== 2 ? [{ type: 'resolved' as const, at: new Date(last + 60_000).toISOString() }] : []),
    ...(index % 5 === 0 ? [{ type: 'survey' as const, at: new Date(last + 120_000).toISOString(), metric: 'csat' as const, score: 1 + (index % 5) }] : []),
  ];
  return {
    externalId: `synthetic-${index}`,
    source: ['zendesk', 'webchat-bot', 'wa-business'][index % 3]!,
    channel,
    // Left out on purpose, as most exports do: the scorer detects it.
    customerId: `cust-${index % 40_000}`,
    messages,
    events,
    attributes: { greeting_variant: index % 2 === 0 ? 'A' : 'B', campaign: `c${index % 10}` },
  };
}

// Sample ids start with their language.
const LANGUAGES = ['en', 'pt', 'es', 'ro'] as const;
const POOLS = new Map(
  LANGUAGES.map((language) => {
    const messages = sampleConversations()
      .filter((c) => c.externalId.startsWith(`${language}-`))
      .flatMap((c) => c.messages);
    const texts = (role: string) => messages.filter((m) => m.role === role).map((m) => m.text);
    const agent = texts('agent');
    const bot = texts('bot');
    return [language, { customer: texts('customer'), agent: agent.length ? agent : bot, bot: bot.length ? bot : agent }];
  }),
);
