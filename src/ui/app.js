// Parley's web UI: a hash-routed page over the /v1 API, signed in with an HttpOnly session cookie.
// Every number it shows comes from the same endpoints dashboards and scripts use.

const main = document.getElementById('main');
// Reasons, channels, statuses and labels as the API defines them: fetched, never copied here.
const vocabulary = await (await fetch('/ui/vocabulary.json')).json();
const who = document.getElementById('who');
const signOutButton = document.getElementById('sign-out');

/** Elements from a tag, attributes and children; text is always set as text, never as HTML. */
function h(tag, attributes = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) el.append(child instanceof Node ? child : String(child));
  return el;
}

class SignedOut extends Error {}

async function api(path, { method = 'GET', body } = {}) {
  const headers = { accept: 'application/json' };
  if (method !== 'GET') headers['x-parley-ui'] = '1';
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (res.status === 401) throw new SignedOut();
  const data = res.status === 204 ? null : await res.json();
  if (!res.ok) throw new Error(data?.detail ?? `${res.status}`);
  return data;
}

const pct = (x) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);
const num = (x, digits = 0) => (x === null || x === undefined ? '–' : Number(x).toLocaleString('en', { maximumFractionDigits: digits }));
const duration = (s) => (s === null || s === undefined ? '–' : s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`);
const dateInput = (d) => d.toISOString().slice(0, 10);

function show(...content) {
  main.replaceChildren(...content.filter((c) => c !== null && c !== undefined));
  main.focus();
}

// Sign-in ----------------------------------------------------------------------------------------

function signInPage(message) {
  const key = h('input', { id: 'key', name: 'key', type: 'password', autocomplete: 'off', required: true, size: 60 });
  const error = h('p', { class: 'error', role: 'alert' }, message ?? '');
  const form = h(
    'form',
    {
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          const session = await api('/ui/session', { method: 'POST', body: { key: key.value.trim() } });
          sessionStorage.setItem('parley-workspace', session.workspace);
          route();
        } catch (e) {
          error.textContent = e instanceof SignedOut ? 'That key is not valid.' : e.message;
        }
      },
    },
    h('label', { for: 'key' }, 'API key with the review and read scopes', key),
    h('p', {}, h('button', { type: 'submit' }, 'Sign in')),
    error,
  );
  who.textContent = '';
  signOutButton.hidden = true;
  show(h('h1', {}, 'Sign in'), form);
  key.focus();
}

signOutButton.addEventListener('click', async () => {
  await api('/ui/session', { method: 'DELETE' }).catch(() => {});
  sessionStorage.removeItem('parley-workspace');
  location.hash = '#/dashboard';
  signInPage('Signed out.');
});

// Dashboard --------------------------------------------------------------------------------------

function cards(s) {
  const card = (label, value) => h('div', { class: 'card' }, h('div', { class: 'value' }, value), h('div', { class: 'label' }, label));
  return h(
    'div',
    { class: 'cards' },
    card('Conversations', num(s.conversations)),
    card('Resolution rate', pct(s.resolution.rate)),
    card(`First-contact resolution (${s.resolution.fcr.windowDays} d)`, pct(s.resolution.fcr.rate)),
    card(`CSAT (n ${num(s.csat.answered)})`, pct(s.csat.score)),
    card(`NPS (n ${num(s.nps.n)})`, s.nps.score === null ? '–' : num(s.nps.score)),
    card('Predicted CSAT', num(s.predictedCsat.mean, 2)),
    card('Median first response', duration(s.firstResponseSeconds.median)),
    card('Abandonment rate', pct(s.abandonment.rate)),
    card('Bot containment', pct(s.bot.containmentRate)),
    card('Flagged for QA', pct(s.qa.rate)),
  );
}

const SVG = 'http://www.w3.org/2000/svg';
function svgText(x, y, text, anchor = 'start') {
  const el = document.createElementNS(SVG, 'text');
  el.setAttribute('x', String(x));
  el.setAttribute('y', String(y));
  el.setAttribute('text-anchor', anchor);
  el.setAttribute('class', 'axis');
  el.textContent = text;
  return el;
}

/** Conversations per day as bars, with the value of each day in its title (read by screen readers). */
function trendChart(series) {
  const left = 40;
  const width = 900;
  const height = 160;
  const max = Math.max(1, ...series.map((d) => d.conversations));
  const step = (width - left) / Math.max(1, series.length);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height + 24}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `Conversations by day, at most ${max} a day`);
  svg.append(svgText(left - 6, 12, String(max), 'end'), svgText(left - 6, height, '0', 'end'));
  if (series.length) {
    svg.append(svgText(left, height + 18, series[0].bucket.slice(0, 10)), svgText(width, height + 18, series[series.length - 1].bucket.slice(0, 10), 'end'));
  }
  series.forEach((d, i) => {
    const barHeight = (d.conversations / max) * height;
    const rect = document.createElementNS(SVG, 'rect');
    rect.setAttribute('class', 'bar');
    rect.setAttribute('x', String(left + i * step + 1));
    rect.setAttribute('y', String(height - barHeight));
    rect.setAttribute('width', String(Math.max(1, step - 2)));
    rect.setAttribute('height', String(barHeight));
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `${d.bucket.slice(0, 10)}: ${d.conversations} conversations, resolution ${pct(d.resolution.rate)}`;
    rect.append(title);
    svg.append(rect);
  });
  return h('div', { class: 'chart' }, svg);
}

function breakdown(title, dimension, rows) {
  return h(
    'section',
    {},
    h('h2', {}, title),
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, h('th', {}, dimension), h('th', { class: 'num' }, 'Conversations'), h('th', { class: 'num' }, 'Resolution'), h('th', { class: 'num' }, 'CSAT'), h('th', { class: 'num' }, 'Median first response'), h('th', { class: 'num' }, 'Flagged'))),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h('tr', {}, h('td', {}, r.dimensions[dimension] ?? '(none)'), h('td', { class: 'num' }, num(r.conversations)), h('td', { class: 'num' }, pct(r.resolution.rate)), h('td', { class: 'num' }, pct(r.csat.score)), h('td', { class: 'num' }, duration(r.firstResponseSeconds.median)), h('td', { class: 'num' }, pct(r.qa.rate))),
        ),
      ),
    ),
  );
}

async function dashboardPage(params) {
  // The range last shown stays until changed, so coming back to the dashboard keeps it.
  const kept = new URLSearchParams(sessionStorage.getItem('parley-range') ?? '');
  const to = params.get('to') ?? kept.get('to') ?? dateInput(new Date(Date.now() + 86_400_000));
  const from = params.get('from') ?? kept.get('from') ?? dateInput(new Date(Date.now() - 29 * 86_400_000));
  sessionStorage.setItem('parley-range', `from=${from}&to=${to}`);
  const range = `from=${from}&to=${to}`;
  const [days, channels, agents, agreement] = await Promise.all([
    api(`/v1/kpis?${range}&interval=day`),
    api(`/v1/kpis?${range}&groupBy=channel`),
    api(`/v1/kpis?${range}&groupBy=agent`),
    api(`/v1/agreement?${range}`),
  ]);
  const fromInput = h('input', { type: 'date', name: 'from', value: from });
  const toInput = h('input', { type: 'date', name: 'to', value: to });
  const form = h(
    'form',
    { class: 'filters', onsubmit: (e) => { e.preventDefault(); location.hash = `#/dashboard?from=${fromInput.value}&to=${toInput.value}`; } },
    h('label', {}, 'From', fromInput),
    h('label', {}, 'To (exclusive)', toInput),
    h('button', { type: 'submit' }, 'Show'),
  );
  const labels = Object.entries(agreement.labels).map(([label, a]) => h('tr', {}, h('td', {}, label), h('td', { class: 'num' }, num(a.n)), h('td', { class: 'num' }, pct(a.accuracy)), h('td', { class: 'num' }, a.kappa === null ? '–' : a.kappa.toFixed(2))));
  show(
    h('h1', {}, 'Dashboard'),
    form,
    h('p', { class: 'meta' }, `${days.timeZone}, ${days.computedFrom === 'rollups' ? 'from the rollups (percentiles within 1%)' : 'exact'}; reviewers' labels applied to ${days.summary.reviewed} conversations.`),
    cards(days.summary),
    h('h2', {}, 'Conversations by day'),
    trendChart(days.series),
    breakdown('By channel', 'channel', channels.series),
    breakdown('By agent', 'agent', agents.series),
    h(
      'section',
      { id: 'agreement' },
      h('h2', {}, `Agreement with reviewers (${agreement.reviews} reviewed)`),
      h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Label'), h('th', { class: 'num' }, 'n'), h('th', { class: 'num' }, 'Accuracy'), h('th', { class: 'num' }, "Cohen's kappa"))), h('tbody', {}, labels)),
      h('p', { class: 'meta' }, `Predicted satisfaction: mean absolute error ${num(agreement.satisfaction.meanAbsoluteError, 2)} over ${agreement.satisfaction.n} reviews.`),
    ),
  );
}

// Review queue -----------------------------------------------------------------------------------

const SEVERITY = { 3: 'high', 2: 'medium', 1: 'low' };

function select(name, label, options, value) {
  return h('label', {}, label, h('select', { name }, h('option', { value: '' }, 'Any'), options.map((o) => h('option', { value: o, selected: o === value }, o.replaceAll('_', ' ')))));
}

async function queuePage(params) {
  const query = new URLSearchParams([...params].filter(([, v]) => v));
  const { items, nextCursor } = await api(`/v1/review-queue?${query}`);
  const form = h(
    'form',
    {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault();
        location.hash = `#/queue?${new URLSearchParams([...new FormData(e.target)].filter(([, v]) => v))}`;
      },
    },
    select('reason', 'Reason', vocabulary.flagReasons, params.get('reason')),
    select('channel', 'Channel', vocabulary.channels, params.get('channel')),
    select('status', 'Status', vocabulary.reviewStatuses, params.get('status')),
    h('label', {}, 'Agent', h('input', { name: 'agent', value: params.get('agent') ?? '' })),
    h('label', {}, 'Assignee', h('input', { name: 'assignee', value: params.get('assignee') ?? '' })),
    h('label', {}, 'From', h('input', { type: 'date', name: 'from', value: params.get('from') ?? '' })),
    h('label', {}, 'To (exclusive)', h('input', { type: 'date', name: 'to', value: params.get('to') ?? '' })),
    h('button', { type: 'submit' }, 'Filter'),
  );
  const rows = items.map((item) =>
    h(
      'tr',
      {},
      h('td', { class: `sev-${item.severity}` }, SEVERITY[item.severity] ?? ''),
      h('td', {}, h('a', { href: `#/conversation/${item.id}` }, item.externalId)),
      h('td', {}, item.channel),
      h('td', {}, new Date(item.startedAt).toLocaleString()),
      h('td', {}, item.flags.map((f) => f.reason.replaceAll('_', ' ')).join(', ')),
      h('td', {}, item.review.status.replace('_', ' '), item.review.assignee ? ` (${item.review.assignee})` : ''),
    ),
  );
  const next = nextCursor ? h('p', {}, h('a', { href: `#/queue?${new URLSearchParams({ ...Object.fromEntries(query), cursor: nextCursor })}` }, 'Next page')) : null;
  show(
    h('h1', {}, 'Review queue'),
    form,
    items.length === 0
      ? h('p', {}, 'No flagged conversations match.')
      : h('table', {}, h('thead', {}, h('tr', {}, ['Severity', 'Conversation', 'Channel', 'Started', 'Flags', 'Review'].map((t) => h('th', {}, t)))), h('tbody', {}, rows)),
    next,
  );
}

// Conversation -----------------------------------------------------------------------------------

/** The customer's mean sentiment as the label reviewers check (the bands of docs/kpis.md). */
function sentimentBand(mean) {
  if (mean === undefined || mean === null) return null;
  const { negativeBelow, positiveAbove } = vocabulary.sentimentBands;
  return mean < negativeBelow ? 'negative' : mean > positiveAbove ? 'positive' : 'neutral';
}

function reviewForm(conversation, rubric, onSaved) {
  const ratings = rubric.categories.map((c) =>
    h(
      'div',
      { class: 'rating' },
      h('label', {}, `${c.name}${c.critical ? ' (critical)' : ''}`, h('select', { name: `rubric.${c.key}` }, h('option', { value: '' }, 'Not rated'), [1, 2, 3, 4, 5].map((n) => h('option', { value: n }, String(n))))),
    ),
  );
  const scores = conversation.scores;
  const labelSelect = (name, options, current) =>
    h('label', {}, `${name} (Parley: ${current ?? '–'})`, h('select', { name: `labels.${name}` }, h('option', { value: '' }, 'Not checked'), options.map((o) => h('option', { value: o }, o))));
  const status = h('p', { role: 'status' });
  return h(
    'form',
    {
      id: 'review',
      onsubmit: async (e) => {
        e.preventDefault();
        const body = { rubric: {}, labels: {} };
        for (const [name, value] of new FormData(e.target)) {
          if (!value) continue;
          if (name.startsWith('rubric.')) body.rubric[name.slice(7)] = Number(value);
          else if (name === 'labels.satisfaction') body.labels.satisfaction = Number(value);
          else if (name.startsWith('labels.')) body.labels[name.slice(7)] = value;
          else if (name === 'comment') body.comment = value;
        }
        try {
          const review = await api(`/v1/conversations/${conversation.id}/reviews`, { method: 'POST', body });
          status.textContent = `Review saved${review.rubricScore === null ? '' : `: score ${review.rubricScore}`}.`;
          onSaved(review);
        } catch (err) {
          if (err instanceof SignedOut) throw err;
          status.textContent = `Not saved: ${err.message}`;
        }
      },
    },
    h('h2', {}, 'Review'),
    h('fieldset', {}, h('legend', {}, 'Scorecard (1–5)'), ratings),
    h(
      'fieldset',
      {},
      h('legend', {}, "Parley's labels"),
      labelSelect('resolution', vocabulary.resolutions, scores?.resolution.outcome),
      labelSelect('abandonment', vocabulary.abandonments, scores?.abandonment.outcome),
      labelSelect('sentiment', vocabulary.sentiments, sentimentBand(scores?.sentiment.customer?.mean)),
      h('label', {}, `intent (Parley: ${scores?.intent?.intent ?? '–'})`, h('input', { name: 'labels.intent', placeholder: 'Not checked', maxlength: 100 })),
      labelSelect('satisfaction', ['1', '2', '3', '4', '5'], scores?.satisfaction?.predicted?.toFixed(1)),
    ),
    h('label', {}, 'Comment', h('textarea', { name: 'comment', rows: 3, maxlength: 2000 })),
    h('p', {}, h('button', { type: 'submit' }, 'Save review')),
    status,
  );
}

/** Who reviews it: assign (in review) or hand back (new); the name is remembered for next time. */
function assignment(conversationId) {
  const name = h('input', { name: 'assignee', value: localStorage.getItem('parley-reviewer') ?? '', required: true });
  const status = h('span', { role: 'status' });
  const assign = async (assignee) => {
    const result = await api(`/v1/conversations/${conversationId}/assignment`, { method: 'PUT', body: { assignee } });
    if (assignee) localStorage.setItem('parley-reviewer', assignee);
    status.textContent = result.assignee ? ` In review by ${result.assignee}.` : ' Back in the queue.';
  };
  return h(
    'form',
    { class: 'filters', onsubmit: (e) => { e.preventDefault(); assign(name.value.trim()); } },
    h('label', {}, 'Reviewer', name),
    h('button', { type: 'submit' }, 'Assign'),
    h('button', { type: 'button', class: 'secondary', onclick: () => assign(null) }, 'Unassign'),
    status,
  );
}

function pastReviews(reviews) {
  if (reviews.length === 0) return h('p', { id: 'past-reviews', class: 'meta' }, 'Not reviewed yet.');
  return h(
    'ul',
    { id: 'past-reviews' },
    reviews.map((r) =>
      h(
        'li',
        {},
        `${new Date(r.createdAt).toLocaleString()} by ${r.reviewer}`,
        r.rubricScore === null ? '' : ` · score ${r.rubricScore}${r.criticalFailed ? ' (critical failed)' : ''}`,
        Object.keys(r.labels).length ? ` · labels ${Object.entries(r.labels).map(([k, v]) => `${k} ${v}`).join(', ')}` : '',
        r.comment ? h('div', { class: 'meta' }, r.comment) : null,
      ),
    ),
  );
}

async function conversationPage(id) {
  const [conversation, rubric, { reviews }] = await Promise.all([api(`/v1/conversations/${id}`), api('/v1/rubric'), api(`/v1/conversations/${id}/reviews`)]);
  const flags = conversation.scores?.flags ?? [];
  const evidence = new Set(flags.flatMap((f) => f.evidence.filter((e) => e.seq !== undefined).map((e) => e.seq)));
  const transcript = h(
    'ol',
    { class: 'transcript', 'aria-label': 'Transcript' },
    conversation.messages.map((m, seq) =>
      h(
        'li',
        { id: `m${seq}`, class: `${m.role}${evidence.has(seq) ? ' evidence' : ''}`, tabindex: -1 },
        h('div', { class: 'meta' }, `${m.role} · ${new Date(m.sentAt).toLocaleTimeString()}`, ' ', m.sentiment ? h('span', { class: `sentiment ${m.sentiment.label}` }, `${m.sentiment.label} ${m.sentiment.score.toFixed(2)}`) : null, evidence.has(seq) ? ' · evidence' : ''),
        h('div', {}, m.text),
      ),
    ),
  );
  const flagList = h(
    'ul',
    {},
    flags.map((f) =>
      h(
        'li',
        { class: 'flag' },
        h('strong', {}, `${f.reason.replaceAll('_', ' ')} (${f.severity})`),
        f.evidence.map((e) =>
          e.seq === undefined
            ? h('div', { class: 'meta' }, `${e.event ?? ''}: ${e.reason}`)
            : h('div', {}, h('a', { href: `#m${e.seq}`, onclick: (ev) => { ev.preventDefault(); document.getElementById(`m${e.seq}`)?.focus(); } }, `message ${e.seq + 1}`), `: ${e.reason}`),
        ),
      ),
    ),
  );
  const s = conversation.scores;
  const factors = Object.entries(s?.satisfaction?.factors ?? {}).map(([k, v]) => h('li', {}, `${k}: ${v >= 0 ? '+' : ''}${v.toFixed(2)}`));
  show(
    h('h1', {}, `Conversation ${conversation.externalId}`),
    h('p', { class: 'meta' }, `${conversation.channel} · ${new Date(conversation.startedAt).toLocaleString()} · ${conversation.messages.length} messages`),
    h(
      'div',
      { class: 'layout' },
      h('section', {}, h('h2', {}, 'Transcript'), transcript),
      h(
        'section',
        {},
        h('h2', {}, 'Flags'),
        flags.length ? flagList : h('p', {}, 'No flags.'),
        h('h2', {}, 'Scores'),
        s
          ? h('ul', {}, h('li', {}, `Resolution: ${s.resolution.outcome}`), h('li', {}, `Abandonment: ${s.abandonment.outcome}`), h('li', {}, `Intent: ${s.intent?.intent ?? '–'}`), h('li', {}, `Predicted CSAT: ${s.satisfaction?.predicted?.toFixed(2) ?? '–'}`, h('ul', {}, factors)))
          : h('p', {}, 'Not scored yet.'),
        h('h2', {}, 'Reviews'),
        pastReviews(reviews),
        assignment(conversation.id),
        reviewForm(conversation, rubric, (review) => {
          reviews.push(review);
          document.getElementById('past-reviews').replaceWith(pastReviews(reviews));
        }),
      ),
    ),
  );
}

// Routing ----------------------------------------------------------------------------------------

async function route() {
  const [path, search] = (location.hash.slice(1) || '/dashboard').split('?');
  const params = new URLSearchParams(search ?? '');
  for (const a of document.querySelectorAll('nav a')) a.toggleAttribute('aria-current', path.startsWith(a.getAttribute('href').slice(1)));
  for (const a of document.querySelectorAll('nav a[aria-current]')) a.setAttribute('aria-current', 'page');
  try {
    const workspace = sessionStorage.getItem('parley-workspace');
    who.textContent = workspace ? `Workspace ${workspace}` : '';
    signOutButton.hidden = false;
    if (path.startsWith('/conversation/')) await conversationPage(path.slice('/conversation/'.length));
    else if (path === '/queue') await queuePage(params);
    else await dashboardPage(params);
  } catch (e) {
    if (e instanceof SignedOut) signInPage();
    else show(h('h1', {}, 'Something went wrong'), h('p', { class: 'error', role: 'alert' }, e.message));
  }
}

window.addEventListener('hashchange', route);
route();
