import { attributeKey, idText, isObject, jsonFormat, record, type Mapped } from './types';

/**
 * Chatwoot conversations as its application API returns them (GET /api/v1/accounts/{id}/conversations
 * and .../conversations/{id}/messages): a conversation with its `messages`, a
 * { conversation, messages } pair (messages as the array or the endpoint's { payload } body), or a
 * list page { data: { payload: [...] } } whose conversations embed their messages.
 */

// message_type: 0 incoming (the contact), 1 outgoing (an agent or a bot), 2 activity, 3 template.
// The application API gives the number; webhook payloads, which some teams archive, give the name.
const MESSAGE_TYPES: Record<string, 'incoming' | 'outgoing' | 'activity' | 'template'> = {
  0: 'incoming',
  1: 'outgoing',
  2: 'activity',
  3: 'template',
  incoming: 'incoming',
  outgoing: 'outgoing',
  activity: 'activity',
  template: 'template',
};

// meta.channel names Chatwoot's inbox types.
const CHANNELS: Record<string, string> = {
  'Channel::WebWidget': 'web_chat',
  'Channel::Whatsapp': 'whatsapp',
  'Channel::FacebookPage': 'messenger',
  'Channel::Instagram': 'instagram',
  'Channel::Sms': 'sms',
  'Channel::TwilioSms': 'sms',
  'Channel::Email': 'email',
  'Channel::Voice': 'voice',
};

// Webhook payloads write times as "2020-03-03 13:05:57 UTC".
const RAILS_UTC = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) UTC$/;

/** Unix seconds (the application API) or a time string (webhooks), as ISO 8601. */
const iso = (time: unknown) =>
  typeof time === 'number' ? new Date(time * 1000).toISOString() : typeof time === 'string' ? time.replace(RAILS_UTC, '$1T$2Z') : undefined;

function role(message: Record<string, unknown>): 'customer' | 'agent' | 'bot' | 'system' | undefined {
  const senderType = String(message.sender_type ?? record(message.sender).type ?? '').toLowerCase();
  const type = MESSAGE_TYPES[String(message.message_type)];
  if (type === 'incoming') return 'customer';
  if (type === 'outgoing') return senderType === 'agentbot' || senderType === 'agent_bot' ? 'bot' : 'agent';
  if (type === 'template') return 'bot';
  if (type === 'activity') return 'system';
  return undefined;
}

export function mapChatwootConversation(conversation: Record<string, unknown>, rawMessages: unknown): Mapped {
  const messages = Array.isArray(rawMessages) ? rawMessages : Array.isArray(record(rawMessages).payload) ? (record(rawMessages).payload as unknown[]) : undefined;
  if (!messages) return { ok: false, reason: 'Chatwoot conversation without its messages (add them as "messages")' };
  const meta = record(conversation.meta);
  const sender = record(meta.sender);
  const assignee = record(meta.assignee);
  const team = record(meta.team);
  const events: Record<string, unknown>[] = [];
  const out: Record<string, unknown>[] = [];
  const sentAt = (m: Record<string, unknown>) => Date.parse(iso(m.created_at) ?? '');
  const sorted = messages.filter(isObject).sort((a, b) => sentAt(a) - sentAt(b));
  for (const m of sorted) {
    // Private notes were never shown to the customer: they are not part of the conversation.
    if (m.private === true) continue;
    const rating = record(record(record(m.content_attributes).submitted_values).csat_survey_response).rating;
    if (m.content_type === 'input_csat' && typeof rating === 'number') {
      events.push({ type: 'survey', at: iso(m.updated_at) ?? iso(m.created_at), metric: 'csat', score: rating });
    }
    const r = role(m);
    // Activity messages ("Conversation was resolved by ...") carry events, not words anyone said.
    if (r === 'system') continue;
    out.push({
      id: idText(m.id),
      role: r ?? `unknown message_type ${String(m.message_type)}`,
      authorId: idText(record(m.sender).id) ?? idText(m.sender_id),
      authorName: typeof record(m.sender).name === 'string' ? record(m.sender).name : undefined,
      text: typeof m.content === 'string' ? m.content : '',
      sentAt: iso(m.created_at),
    });
  }
  if (idText(assignee.id) !== undefined) {
    const firstAgent = sorted.find((m) => role(m) === 'agent');
    events.push({
      type: 'assigned',
      at: iso(firstAgent?.created_at) ?? out[0]?.sentAt,
      agentId: idText(assignee.id),
      ...(typeof team.name === 'string' ? { team: team.name } : {}),
    });
  }
  // A resolved conversation's resolution time is its last activity.
  if (conversation.status === 'resolved') events.push({ type: 'resolved', at: iso(conversation.last_activity_at ?? conversation.timestamp) ?? out.at(-1)?.sentAt });
  const channel = CHANNELS[String(meta.channel ?? conversation.channel ?? '')] ?? 'other';
  const labels = Array.isArray(conversation.labels) ? conversation.labels.filter((l) => typeof l === 'string') : [];
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(record(conversation.custom_attributes))) {
    if (['string', 'number', 'boolean'].includes(typeof value)) attributes[attributeKey(key)] = String(value);
  }
  if (conversation.inbox_id !== undefined) attributes.inbox_id = String(conversation.inbox_id);
  if (labels.length > 0) attributes.labels = labels.join(',');
  return {
    ok: true,
    input: {
      externalId: idText(conversation.id),
      source: 'chatwoot',
      channel,
      customerId: idText(sender.id),
      messages: out,
      events: events.sort((a, b) => String(a.at).localeCompare(String(b.at))),
      attributes,
    },
  };
}

function mapChatwoot(value: unknown): Mapped[] {
  if (!isObject(value)) return [{ ok: false, reason: 'not a Chatwoot conversation object' }];
  const page = record(value.data).payload;
  if (Array.isArray(page)) return page.map((c) => (isObject(c) ? mapChatwootConversation(c, c.messages) : { ok: false, reason: 'not a conversation object' }));
  if (isObject(value.conversation)) return [mapChatwootConversation(value.conversation, value.messages)];
  return [mapChatwootConversation(value, value.messages)];
}

export const chatwoot = jsonFormat('chatwoot', mapChatwoot, (first) => {
  const page = record(first.data).payload;
  const conversation = record(first.conversation ?? (Array.isArray(page) ? page[0] : first));
  return 'inbox_id' in conversation && isObject(conversation.meta);
});
