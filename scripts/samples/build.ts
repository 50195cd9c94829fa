import type { Channel, ConversationInput } from '../../src/contract/conversation';

/** [role, seconds after the conversation starts, text]: c customer, a agent, b bot, s system. */
export type Line = ['c' | 'a' | 'b' | 's', number, string];

export type EventSpec =
  | ['queued' | 'handoff' | 'reopened', number]
  | ['assigned', number, string]
  | ['resolved', number, 'agent' | 'bot' | 'customer' | 'system']
  | ['csat' | 'nps', number, number]
  | ['conversion', number, string, number, string];

export interface SampleSpec {
  id: string;
  channel: Channel;
  source: string;
  start: string; // ISO instant of the first message
  language?: string;
  customerId?: string;
  agent?: string;
  attributes?: Record<string, string>;
  events?: EventSpec[];
  lines: Line[];
}

const ROLE = { c: 'customer', a: 'agent', b: 'bot', s: 'system' } as const;
const AUTHOR = { c: 'customer', b: 'bot' } as const;

function at(start: string, seconds: number): string {
  return new Date(Date.parse(start) + seconds * 1000).toISOString();
}

function event(start: string, spec: EventSpec): NonNullable<ConversationInput['events']>[number] {
  switch (spec[0]) {
    case 'queued':
    case 'handoff':
    case 'reopened':
      return { type: spec[0], at: at(start, spec[1]) };
    case 'assigned':
      return { type: 'assigned', at: at(start, spec[1]), agentId: spec[2] };
    case 'resolved':
      return { type: 'resolved', at: at(start, spec[1]), by: spec[2] };
    case 'csat':
    case 'nps':
      return { type: 'survey', metric: spec[0], at: at(start, spec[1]), score: spec[2] };
    case 'conversion':
      return { type: 'conversion', at: at(start, spec[1]), goal: spec[2], value: spec[3], currency: spec[4] };
  }
}

/** Expands a compact sample into the conversation contract, with real timestamps. */
export function buildConversation(workspace: string, spec: SampleSpec): ConversationInput {
  const agent = spec.agent ?? 'agent-1';
  return {
    workspace,
    externalId: spec.id,
    source: spec.source,
    channel: spec.channel,
    ...(spec.language ? { language: spec.language } : {}),
    ...(spec.customerId ? { customerId: spec.customerId } : {}),
    messages: spec.lines.map(([role, seconds, text], i) => ({
      id: `${spec.id}-m${i + 1}`,
      role: ROLE[role],
      authorId: role === 'a' ? agent : role === 's' ? 'system' : role === 'c' ? (spec.customerId ?? AUTHOR.c) : AUTHOR.b,
      text,
      sentAt: at(spec.start, seconds),
    })),
    events: (spec.events ?? []).map((e) => event(spec.start, e)),
    attributes: spec.attributes ?? {},
  };
}
