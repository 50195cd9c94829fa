import { decodeHTML } from 'entities';
import { attributeKey, idText, isObject, jsonFormat, record, type Mapped } from './types';

/**
 * Intercom conversations as its REST API returns them (GET /conversations/{id}): the conversation
 * with its `source` (the first message) and `conversation_parts`, or a list page
 * { type: "conversation.list", conversations: [...] } whose conversations embed their parts.
 */

// source.type: the channel the conversation came through ("conversation" is the Messenger).
const CHANNELS: Record<string, string> = {
  conversation: 'web_chat',
  email: 'email',
  facebook: 'messenger',
  instagram: 'instagram',
  whatsapp: 'whatsapp',
  sms: 'sms',
  phone_call: 'voice',
  phone_switch: 'voice',
};

const ROLES: Record<string, string> = { user: 'customer', lead: 'customer', contact: 'customer', admin: 'agent', team: 'agent', bot: 'bot' };

// Parts that carry words the customer and the business exchanged; notes are internal. Assignment,
// open and snooze parts are actions, but a close may carry a closing reply.
const MESSAGE_PARTS = new Set(['comment', 'quick_reply', 'close']);
const ASSIGNMENT_PARTS = new Set(['assignment', 'default_assignment', 'away_mode_assignment']);

/** Intercom bodies are HTML: paragraphs and line breaks become newlines, tags go, entities are decoded (all of HTML5's). */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(?:p|div|li|h[1-6])>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeHTML(text).replace(/\u00a0/g, ' ').replace(/[ \t]+\n/g, '\n').trim();
}

const iso = (seconds: unknown) => (typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : undefined);

function message(part: Record<string, unknown>) {
  const author = record(part.author);
  return {
    id: idText(part.id),
    role: ROLES[String(author.type)] ?? `unknown author type ${String(author.type)}`,
    authorId: idText(author.id),
    authorName: typeof author.name === 'string' && author.name !== '' ? author.name : undefined,
    text: typeof part.body === 'string' ? htmlToText(part.body) : '',
    sentAt: iso(part.created_at),
  };
}

export function mapIntercomConversation(conversation: Record<string, unknown>): Mapped {
  const list = record(conversation.conversation_parts);
  if (!Array.isArray(list.conversation_parts)) {
    return { ok: false, reason: 'Intercom conversation without its conversation_parts (retrieve each one: GET /conversations/{id})' };
  }
  const source = record(conversation.source);
  const parts = list.conversation_parts.filter(isObject).sort((a, b) => Number(a.created_at) - Number(b.created_at));
  // The source is the first message, dated by the conversation. A part with neither words nor an
  // attachment (a bare close) is an action, not a message.
  const messages = [{ ...source, created_at: conversation.created_at }, ...parts.filter((p) => MESSAGE_PARTS.has(String(p.part_type)))]
    .map((part) => ({ part, mapped: message(part) }))
    .filter(({ part, mapped }) => mapped.text !== '' || (Array.isArray(part.attachments) && part.attachments.length > 0))
    .map(({ mapped }) => mapped);
  const events: Record<string, unknown>[] = [];
  for (const part of parts) {
    const assignee = record(part.assigned_to);
    if (ASSIGNMENT_PARTS.has(String(part.part_type)) && assignee.type === 'admin' && idText(assignee.id)) {
      events.push({ type: 'assigned', at: iso(part.created_at), agentId: idText(assignee.id) });
    }
  }
  // A conversation reopened after a close is resolved only if it was closed again.
  const lastClose = parts.filter((p) => p.part_type === 'close').at(-1);
  if (conversation.state === 'closed' && lastClose) events.push({ type: 'resolved', at: iso(lastClose.created_at) });
  const rating = record(conversation.conversation_rating);
  if (typeof rating.rating === 'number') {
    events.push({ type: 'survey', at: iso(rating.created_at) ?? messages.at(-1)?.sentAt, metric: 'csat', score: rating.rating });
  }
  const contacts = record(conversation.contacts).contacts ?? conversation.contacts;
  const firstContact = Array.isArray(contacts) ? record(contacts[0]) : {};
  const sourceAuthor = record(source.author);
  const customerId = idText(firstContact.id) ?? (ROLES[String(sourceAuthor.type)] === 'customer' ? idText(sourceAuthor.id) : undefined);
  const attributes: Record<string, string> = {};
  const tags = record(conversation.tags).tags;
  if (Array.isArray(tags) && tags.length > 0) attributes.tags = tags.map((t) => record(t).name).filter((n) => typeof n === 'string').join(',');
  if (typeof conversation.priority === 'string') attributes.priority = conversation.priority;
  if (idText(conversation.team_assignee_id)) attributes.team_id = idText(conversation.team_assignee_id)!;
  for (const [key, value] of Object.entries(record(conversation.custom_attributes))) {
    if (['string', 'number', 'boolean'].includes(typeof value)) attributes[attributeKey(key)] = String(value);
  }
  return {
    ok: true,
    input: {
      externalId: idText(conversation.id),
      source: 'intercom',
      channel: CHANNELS[String(source.type)] ?? 'other',
      customerId,
      messages,
      events: events.sort((a, b) => String(a.at).localeCompare(String(b.at))),
      attributes,
    },
  };
}

function mapIntercom(value: unknown): Mapped[] {
  if (!isObject(value)) return [{ ok: false, reason: 'not an Intercom conversation object' }];
  if (Array.isArray(value.conversations)) {
    return value.conversations.map((c) => (isObject(c) ? mapIntercomConversation(c) : { ok: false, reason: 'not a conversation object' }));
  }
  return [mapIntercomConversation(value)];
}

export const intercom = jsonFormat('intercom', mapIntercom, (first) => first.type === 'conversation' || first.type === 'conversation.list');
