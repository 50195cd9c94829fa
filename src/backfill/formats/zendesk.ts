import { idText, isObject, jsonFormat, record, type Mapped } from './types';

/**
 * Zendesk Support tickets with their comments, as the Tickets and Ticket Comments APIs return them:
 * a ticket with `comments` embedded, a { ticket, comments } pair (comments as the array or the
 * endpoint's { comments, users } body, whose sideloaded users give each author's role), or a page
 * { tickets: [...] } (incremental export) whose tickets embed their comments.
 */

// via.channel of the ticket: how the customer reached the help desk.
const CHANNELS: Record<string, string> = {
  email: 'email',
  web: 'web_chat',
  chat: 'web_chat',
  native_messaging: 'web_chat',
  mobile_sdk: 'web_chat',
  whatsapp: 'whatsapp',
  facebook: 'messenger',
  instagram_dm: 'instagram',
  sms: 'sms',
  voice: 'voice',
  api: 'other',
};

// Zendesk's satisfaction rating is good or bad; stored as a CSAT of 5 or 1, so the share of good
// ratings equals Parley's CSAT (share of 4s and 5s). "offered" and "unoffered" are not answers.
const RATING_SCORES: Record<string, number> = { good: 5, bad: 1 };

/** A ticket metric set's solve time, the only place Zendesk gives one. */
const solvedTimeOf = (metrics: unknown): string | undefined => {
  const solvedAt = record(metrics).solved_at;
  return typeof solvedAt === 'string' ? solvedAt : undefined;
};

export function mapZendeskTicket(ticket: Record<string, unknown>, rawComments: unknown, users: unknown[] = [], solvedTimes: ReadonlyMap<string, string> = new Map()): Mapped {
  const body = record(rawComments);
  const comments = Array.isArray(rawComments) ? rawComments : Array.isArray(body.comments) ? (body.comments as unknown[]) : undefined;
  if (!comments) return { ok: false, reason: 'Zendesk ticket without its comments (add them as "comments")' };
  const roles = new Map<string, string>();
  for (const user of [...users, ...(Array.isArray(body.users) ? body.users : [])].filter(isObject)) {
    if (idText(user.id) !== undefined && typeof user.role === 'string') roles.set(idText(user.id)!, user.role);
  }
  const requester = idText(ticket.requester_id);
  const roleOf = (authorId: string | undefined) => {
    const known = authorId === undefined ? undefined : roles.get(authorId);
    if (known !== undefined) return known === 'end-user' ? 'customer' : 'agent';
    return authorId !== undefined && authorId === requester ? 'customer' : 'agent';
  };
  const messages = comments
    .filter(isObject)
    // Internal notes (public: false) were never sent to the customer.
    .filter((c) => c.public !== false)
    .sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)))
    .map((c) => ({
      id: idText(c.id),
      role: roleOf(idText(c.author_id)),
      authorId: idText(c.author_id),
      text: typeof c.plain_body === 'string' ? c.plain_body : typeof c.body === 'string' ? c.body : '',
      sentAt: c.created_at,
    }));
  const last = messages.at(-1)?.sentAt;
  const events: Record<string, unknown>[] = [];
  if (idText(ticket.assignee_id) !== undefined) {
    const firstAgent = messages.find((m) => m.role === 'agent');
    events.push({ type: 'assigned', at: firstAgent?.sentAt ?? messages[0]?.sentAt, agentId: idText(ticket.assignee_id), ...(idText(ticket.group_id) ? { team: idText(ticket.group_id) } : {}) });
  }
  // The ticket itself does not say when it was solved, only its metrics do (include=metric_sets:
  // on each ticket of an incremental export, or a list beside it). Without them, its last update
  // is the closest it says, days late for a closed ticket.
  const solvedAt = solvedTimeOf(ticket.metric_set) ?? solvedTimes.get(idText(ticket.id) ?? '');
  if (ticket.status === 'solved' || ticket.status === 'closed') events.push({ type: 'resolved', at: solvedAt ?? ticket.updated_at ?? last });
  const rating = RATING_SCORES[String(record(ticket.satisfaction_rating).score)];
  if (rating !== undefined) events.push({ type: 'survey', at: ticket.updated_at ?? last, metric: 'csat', score: rating });
  const attributes: Record<string, string> = {};
  if (Array.isArray(ticket.tags) && ticket.tags.length > 0) attributes.tags = ticket.tags.filter((t) => typeof t === 'string').join(',');
  if (typeof ticket.priority === 'string') attributes.priority = ticket.priority;
  if (typeof ticket.type === 'string') attributes.ticket_type = ticket.type;
  if (idText(ticket.brand_id)) attributes.brand_id = idText(ticket.brand_id)!;
  return {
    ok: true,
    input: {
      externalId: idText(ticket.id),
      source: 'zendesk',
      channel: CHANNELS[String(record(ticket.via).channel)] ?? 'other',
      customerId: requester,
      messages,
      events,
      attributes,
    },
  };
}

function mapZendesk(value: unknown): Mapped[] {
  if (!isObject(value)) return [{ ok: false, reason: 'not a Zendesk ticket object' }];
  const users = Array.isArray(value.users) ? value.users : [];
  const solvedTimes = new Map<string, string>();
  for (const metrics of Array.isArray(value.metric_sets) ? value.metric_sets : []) {
    const ticketId = idText(record(metrics).ticket_id);
    const solvedAt = solvedTimeOf(metrics);
    if (ticketId !== undefined && solvedAt !== undefined) solvedTimes.set(ticketId, solvedAt);
  }
  if (Array.isArray(value.tickets)) {
    return value.tickets.map((t) => (isObject(t) ? mapZendeskTicket(t, t.comments, users, solvedTimes) : { ok: false, reason: 'not a ticket object' }));
  }
  if (isObject(value.ticket)) return [mapZendeskTicket(value.ticket, value.comments, users, solvedTimes)];
  return [mapZendeskTicket(value, value.comments, users, solvedTimes)];
}

export const zendesk = jsonFormat('zendesk', mapZendesk, (first) => {
  const ticket = record(first.ticket ?? (Array.isArray(first.tickets) ? first.tickets[0] : first));
  return 'requester_id' in ticket && 'via' in ticket;
});
