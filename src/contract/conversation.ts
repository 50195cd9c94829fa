import { z } from 'zod';

/**
 * The conversation contract: one schema for the API, the scoring worker and the backfill.
 * docs/conversation-contract.md documents every field and limit; keep the two in step.
 */

export const LIMITS = Object.freeze({
  conversationsPerBatch: 500,
  messagesPerConversation: 2_000,
  eventsPerConversation: 200,
  textChars: 20_000,
  idChars: 256,
  nameChars: 256,
  attributeCount: 50,
  attributeKeyChars: 64,
  attributeValueChars: 512,
  // Timestamps before this are data errors (epoch zero, two-digit years), not history.
  earliestTimestamp: Date.parse('2000-01-01T00:00:00Z'),
  // Tolerated client clock skew for "finished" conversations.
  futureSkewMs: 5 * 60_000,
});

export const CHANNELS = ['web_chat', 'whatsapp', 'messenger', 'instagram', 'sms', 'email', 'voice', 'other'] as const;
export const ROLES = ['customer', 'agent', 'bot', 'system'] as const;

export type Channel = (typeof CHANNELS)[number];
export type Role = (typeof ROLES)[number];

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Postgres text and jsonb cannot hold NUL, and lone UTF-16 surrogates would be silently replaced
 * on the way in; both are refused up front so what is stored is exactly what was sent.
 */
export const storableText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters')
    .refine((value) => value.isWellFormed(), 'must be well-formed Unicode (no lone surrogates)');

const timestamp = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-03-01T10:15:00Z' })
  .transform((value) => new Date(value))
  .refine((date) => date.getTime() >= LIMITS.earliestTimestamp, 'must not be before 2000-01-01')
  .refine((date) => date.getTime() <= Date.now() + LIMITS.futureSkewMs, 'must not be in the future');

const identifier = storableText(LIMITS.idChars).trim().min(1, 'must not be empty');
const optionalIdentifier = identifier.optional();

export const workspaceSlug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2-63 lowercase letters, digits or "-", starting with a letter or digit');

export const messageSchema = z.strictObject({
  id: optionalIdentifier,
  role: z.enum(ROLES),
  authorId: optionalIdentifier,
  authorName: storableText(LIMITS.nameChars).trim().optional(),
  // Attachment-only messages carry no text, so empty text is allowed.
  text: storableText(LIMITS.textChars),
  sentAt: timestamp,
});

const eventBase = { at: timestamp };

export const SURVEY_SCALES = { csat: [1, 5], nps: [0, 10] } as const;

export const eventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('queued'), ...eventBase, queue: optionalIdentifier }),
  z.strictObject({ type: z.literal('assigned'), ...eventBase, agentId: optionalIdentifier, team: optionalIdentifier }),
  z.strictObject({ type: z.literal('handoff'), ...eventBase }),
  z.strictObject({
    type: z.literal('resolved'),
    ...eventBase,
    by: z.enum(['agent', 'bot', 'customer', 'system']).optional(),
  }),
  z.strictObject({ type: z.literal('reopened'), ...eventBase }),
  z
    .strictObject({ type: z.literal('survey'), ...eventBase, metric: z.enum(['csat', 'nps']), score: z.number().int() })
    .superRefine((survey, ctx) => {
      const [min, max] = SURVEY_SCALES[survey.metric];
      if (survey.score < min || survey.score > max) {
        ctx.addIssue({ code: 'custom', path: ['score'], message: `a ${survey.metric} score is a whole number from ${min} to ${max}` });
      }
    }),
  z.strictObject({
    type: z.literal('conversion'),
    ...eventBase,
    goal: optionalIdentifier,
    value: z.number().finite().min(0).max(1e12).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')
      .optional(),
  }),
]);

const attributeKey = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+$/, 'attribute keys use letters, digits, "_", "." and "-"')
  .max(LIMITS.attributeKeyChars)
  .refine((key) => !FORBIDDEN_KEYS.has(key), 'is a reserved name');

// zod's record parser silently drops an own "__proto__" key (JSON.parse creates one); refuse it
// before parsing, so nothing the client sent disappears without an error.
const refuseProtoKey = (value: unknown, ctx: z.RefinementCtx) => {
  if (value !== null && typeof value === 'object' && Object.hasOwn(value, '__proto__')) {
    ctx.addIssue({ code: 'custom', path: ['__proto__'], message: 'is a reserved name' });
  }
  return value;
};

export const attributesSchema = z.preprocess(
  refuseProtoKey,
  z
    .record(attributeKey, storableText(LIMITS.attributeValueChars))
    .refine((attrs) => Object.keys(attrs).length <= LIMITS.attributeCount, `at most ${LIMITS.attributeCount} attributes`),
);

export const conversationSchema = z
  .strictObject({
    // The API key decides the workspace; a conversation may still name it, as a guard against sending to the wrong one.
    workspace: workspaceSlug.optional(),
    externalId: identifier,
    source: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'must be a lowercase system name such as "zendesk" or "webchat-bot"'),
    channel: z.enum(CHANNELS),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 tag such as "pt" or "pt-BR"')
      .optional(),
    customerId: optionalIdentifier,
    messages: z.array(messageSchema).min(1, 'a conversation needs at least one message').max(LIMITS.messagesPerConversation),
    events: z.array(eventSchema).max(LIMITS.eventsPerConversation).default([]),
    attributes: attributesSchema.default({}),
  })
  .superRefine((conversation, ctx) => {
    // Zod still runs this check when a nested field failed, so a sentAt may not be a Date here.
    const times = conversation.messages.map((m) => (m.sentAt instanceof Date ? m.sentAt.getTime() : Number.NaN));
    for (let i = 1; i < times.length; i++) {
      if (times[i]! < times[i - 1]!) {
        ctx.addIssue({
          code: 'custom',
          path: ['messages', i, 'sentAt'],
          message: 'messages must be in chronological order (this one is earlier than the one before it)',
        });
        return;
      }
    }
  });

export const batchSchema = z.strictObject({
  conversations: z
    .array(z.unknown())
    .min(1, 'a batch needs at least one conversation')
    .max(LIMITS.conversationsPerBatch, `at most ${LIMITS.conversationsPerBatch} conversations per batch`),
});

export type ConversationInput = z.input<typeof conversationSchema>;
export type Conversation = z.output<typeof conversationSchema>;
export type Message = Conversation['messages'][number];
export type ConversationEvent = Conversation['events'][number];

export interface FieldIssue {
  field: string;
  message: string;
}

/** Renders a zod path as the field path users see in errors: `messages[3].sentAt`. */
export function fieldPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(body)';
}

export function toFieldIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.flatMap((issue) =>
    // Name each unknown key as the offending field, not the object that holds it.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: fieldPath([...issue.path, key], prefix), message: 'is not a field of the contract' }))
      : [{ field: fieldPath(issue.path, prefix), message: issue.message }],
  );
}
