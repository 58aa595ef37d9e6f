// Operon dashboard. Plain DOM, no frameworks. Never uses innerHTML: all data goes through textContent.
'use strict';

const TOKEN_KEY = 'operonToken';
const STATES = ['RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'COMPENSATING', 'CANCELLED'];
const PAGE_LIMIT = 50;
const POLL_MS = 2000;
const RECONNECT_MS = 2000;
const SVG_NS = 'http://www.w3.org/2000/svg';
const LANES = ['workflow', 'activity', 'timer', 'signal', 'other'];
const TIMER_CLOSED = new Set(['TimerFired', 'TimerCanceled', 'TimerCancelled']);
const SUMMARY_KEYS = ['activityType', 'activityId', 'compensationType', 'stepId', 'signalName', 'timerId', 'fireAt', 'attempt'];

const S = {
  me: null,           // whoami answer
  viewCtrl: null,     // aborts requests of the current view
  streamCtrl: null,   // aborts the live stream
  listGen: 0,         // bumps whenever the list source changes (live / paged)
  filter: { states: [], type: '' },
  nextCursor: null,
  streamSeen: false,  // the live stream delivered at least one snapshot
  lastListUrl: '/',
  sagaId: null,
  hist: null,         // { events: [], rendered: 0 }
  pollTimer: 0,
  errorSource: null,
};

const $ = (id) => document.getElementById(id);

// ---------- DOM helpers ----------

function setProps(node, props) {
  for (const [k, v] of Object.entries(props)) {
    if (v == null || v === false) continue;
    if (k === 'text') node.textContent = String(v);
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  return node;
}

function build(node, props, children) {
  setProps(node, props);
  for (const c of children) if (c != null) node.append(c); // strings become text nodes
  return node;
}

const el = (tag, props = {}, ...kids) => build(document.createElement(tag), props, kids);
const svgEl = (tag, props = {}, ...kids) => build(document.createElementNS(SVG_NS, tag), props, kids);

function stateBadge(state, id) {
  const cls = String(state ?? '').toLowerCase().replace(/[^a-z_-]/g, '');
  return el('span', { class: `state state-${cls}`, id, text: state ?? '?' });
}

// ---------- formatting ----------

function parseTime(v) {
  if (v == null || v === '') return null;
  const n = Number(v); // epoch seconds or millis; else ISO-8601, nanoseconds trimmed to millis
  const d = Number.isFinite(n) ? new Date(n < 1e11 ? n * 1000 : n) : new Date(String(v).replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(d.getTime()) ? null : d;
}

function fmtTime(v) {
  const d = parseTime(v);
  if (!d) return v == null || v === '' ? '—' : String(v);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} `
    + `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

function fmtValue(v) {
  return v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function summarize(obj) {
  return SUMMARY_KEYS.filter((k) => obj?.[k] != null)
    .map((k) => `${k}=${k === 'fireAt' ? fmtTime(obj[k]) : fmtValue(obj[k])}`)
    .join(', ');
}

function describe(x) {
  if (x == null) return '—';
  if (typeof x !== 'object') return String(x);
  return summarize(x) || JSON.stringify(x);
}

function failureText(f) {
  if (f == null) return '';
  if (typeof f !== 'object') return String(f);
  return [f.kind, f.message].filter((s) => s != null && s !== '').join(': ') || JSON.stringify(f);
}

function timeCell(v) {
  return el('td', { class: 'time', title: v, text: fmtTime(v) });
}

// ---------- errors ----------

function showError(err, source = 'app') {
  if (err?.name === 'AbortError') return;
  const title = err?.title || (err instanceof TypeError ? 'Network error' : 'Error');
  const detail = err?.detail ?? err?.message ?? '';
  const box = $('error');
  box.textContent = detail ? `${title}: ${detail}` : title;
  box.hidden = false;
  S.errorSource = source;
}

function clearError(source) {
  if (source && S.errorSource !== source) return;
  $('error').hidden = true;
  $('error').textContent = '';
  S.errorSource = null;
}

function fail(err, source) {
  if (err?.name === 'AbortError') return;
  if (err?.status === 401) signOut(err);
  else showError(err, source);
}

// ---------- API ----------

function apiError(status, p) {
  const title = p.title || `HTTP ${status}`;
  return Object.assign(new Error(p.detail || title), { ...p, status, title, detail: p.detail ?? '' });
}

async function api(path, { method = 'GET', body, signal, stream = false } = {}) {
  const headers = { Accept: stream ? 'text/event-stream' : 'application/json' };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body, signal, cache: 'no-store' });
  if (!res.ok) {
    let problem = {};
    try { problem = JSON.parse(await res.text()); } catch { /* not JSON */ }
    throw apiError(res.status, { detail: res.statusText, ...problem });
  }
  if (stream) return res;
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

const sagaPath = (id, suffix = '') => `/api/sagas/${encodeURIComponent(id)}${suffix}`;

function sleep(ms, signal) {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });
}

// Minimal SSE parser over a fetch body: calls onEvent(name, data) per dispatched block.
async function readSse(body, onEvent) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  let ev = { name: 'message', data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += decoder.decode(value, { stream: true });
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).replace(/\r$/, '');
      buf = buf.slice(nl + 1);
      if (line === '') {
        if (ev.data.length) onEvent(ev.name, ev.data.join('\n'));
        ev = { name: 'message', data: [] };
      } else if (!line.startsWith(':')) {
        const i = line.indexOf(':');
        const field = i < 0 ? line : line.slice(0, i);
        const val = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
        if (field === 'event') ev.name = val;
        else if (field === 'data') ev.data.push(val);
      }
    }
  }
}

// ---------- sign-in ----------

async function boot() {
  const hadToken = Boolean(sessionStorage.getItem(TOKEN_KEY));
  try {
    S.me = await api('/api/whoami');
  } catch (e) {
    S.me = null;
    if (e.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      showLogin();
      if (hadToken) showError(e, 'auth');
    } else {
      showError(e, 'auth');
    }
    return;
  }
  clearError();
  showSignedIn(S.me);
  route();
}

function showLogin() {
  for (const id of ['list-view', 'detail-view', 'whoami', 'readonly-badge', 'sign-out']) $(id).hidden = true;
  $('login').hidden = false;
  $('token-input').focus();
}

function showSignedIn(me) {
  const name = me.name ?? (me.insecureLocal ? 'local' : 'anonymous');
  $('whoami').textContent = `${name} · ${me.role}`;
  $('whoami').hidden = false;
  $('readonly-badge').hidden = !me.readOnly;
  $('sign-out').hidden = Boolean(me.insecureLocal);
  $('login').hidden = true;
}

async function onLogin(e) {
  e.preventDefault();
  const token = $('token-input').value.trim();
  if (!token) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  $('token-input').value = '';
  $('token-submit').disabled = true;
  try { await boot(); } finally { $('token-submit').disabled = false; }
}

// Sign out button, or a 401 mid-session (then `err` is the problem to show).
function signOut(err) {
  sessionStorage.removeItem(TOKEN_KEY);
  S.me = null;
  leaveView();
  clearError();
  showLogin();
  if (err instanceof Error) showError(err, 'auth');
}

const canAct = () => Boolean(S.me) && ['OPERATOR', 'ADMIN'].includes(S.me.role) && !S.me.readOnly;

// ---------- routing ----------

function navigate(params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) qs.append(k, v);
  const url = qs.toString() ? `?${qs}` : location.pathname;
  const same = url === (location.search || location.pathname);
  history[same ? 'replaceState' : 'pushState'](null, '', url);
  route();
}

function onNavClick(e) {
  const a = e.target instanceof Element ? e.target.closest('a.nav') : null;
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  history.pushState(null, '', a.getAttribute('href'));
  route();
}

function leaveView() {
  S.viewCtrl?.abort();
  stopStream();
  clearTimeout(S.pollTimer);
  S.listGen++;
}

function route() {
  if (!S.me) return;
  leaveView();
  clearError();
  S.viewCtrl = new AbortController();
  const q = new URLSearchParams(location.search);
  const id = q.get('saga');
  $('list-view').hidden = Boolean(id);
  $('detail-view').hidden = !id;
  if (id) enterDetail(id);
  else enterList(q);
}

// ---------- list view ----------

function listQuery(f, extra = {}) {
  const qs = new URLSearchParams();
  for (const s of f.states) qs.append('state', s);
  if (f.type) qs.set('type', f.type);
  qs.set('limit', String(PAGE_LIMIT));
  for (const [k, v] of Object.entries(extra)) qs.set(k, v);
  return qs.toString();
}

const countsQuery = (f) => (f.type ? `?${new URLSearchParams({ type: f.type })}` : '');

function enterList(q) {
  S.filter = { states: q.getAll('state').filter(Boolean), type: (q.get('type') ?? '').trim() };
  S.lastListUrl = location.search || '/';
  $('filter-state').value = S.filter.states[0] ?? '';
  $('filter-type').value = S.filter.type;
  $('sagas').tBodies[0].replaceChildren();
  $('counts').replaceChildren();
  resumeLive();
}

function resumeLive() {
  $('live').hidden = true;
  const gen = ++S.listGen;
  loadPage(gen, null); // a plain fetch too, so the page fills even before (or without) the stream
  startStream(gen);
}

async function loadPage(gen, cursor) {
  try {
    const signal = S.viewCtrl.signal;
    const [page, counts] = await Promise.all([
      api(`/api/sagas?${listQuery(S.filter, cursor ? { cursor } : {})}`, { signal }),
      api(`/api/sagas/counts${countsQuery(S.filter)}`, { signal }),
    ]);
    if (gen !== S.listGen || (!cursor && S.streamSeen)) return;
    renderList(page);
    renderCounts(counts.counts, counts.capped);
  } catch (e) {
    fail(e, 'list');
  }
}

async function nextPage() {
  if (!S.nextCursor) return;
  stopStream();
  $('live').hidden = false;
  $('next-page').disabled = true;
  await loadPage(++S.listGen, S.nextCursor);
  $('next-page').disabled = false;
}

function startStream(gen) {
  stopStream();
  S.streamSeen = false;
  S.streamCtrl = new AbortController();
  streamLoop(gen, S.streamCtrl.signal);
}

function stopStream() {
  S.streamCtrl?.abort();
  S.streamCtrl = null;
  setLive('paused');
}

async function streamLoop(gen, signal) {
  while (!signal.aborted) {
    setLive('reconnecting');
    try {
      const res = await api(`/api/sagas/stream?${listQuery(S.filter)}`, { signal, stream: true });
      setLive('live');
      clearError('stream');
      await readSse(res.body, (name, data) => onStreamEvent(gen, name, data));
    } catch (e) {
      if (signal.aborted) return;
      if (e.status === 401) return fail(e);
      if (e.status) showError(e, 'stream');
    }
    if (signal.aborted) return;
    setLive('reconnecting');
    await sleep(RECONNECT_MS, signal);
  }
}

function onStreamEvent(gen, name, data) {
  if (name !== 'sagas' || gen !== S.listGen) return;
  let msg;
  try { msg = JSON.parse(data); } catch { return; }
  S.streamSeen = true;
  renderList(msg);
  if (msg.counts) renderCounts(msg.counts, msg.capped);
}

function setLive(mode) {
  const ind = $('live-indicator');
  ind.textContent = { live: 'live', paused: 'paused' }[mode] ?? 'reconnecting…';
  ind.className = `live-indicator is-${mode}`;
}

function renderList(page) {
  const rows = (page?.sagas ?? []).map(sagaRow);
  if (!rows.length) rows.push(el('tr', { class: 'empty' }, el('td', { colspan: 6, text: 'No sagas match' })));
  $('sagas').tBodies[0].replaceChildren(...rows);
  S.nextCursor = page?.nextCursor ?? null;
  $('next-page').hidden = !S.nextCursor;
}

function sagaRow(s) {
  const href = `?${new URLSearchParams({ saga: s.sagaId })}`;
  const blocked = s.blocked
    ? el('span', { class: 'blocked-marker', title: s.blocked.message ?? s.blocked.kind, text: 'blocked' })
    : null;
  return el('tr', { class: 'saga-row', 'data-saga-id': s.sagaId },
    el('td', { class: 'mono' }, el('a', { class: 'nav', href, text: s.sagaId })),
    el('td', { text: s.workflowType }),
    el('td', {}, stateBadge(s.state)),
    timeCell(s.startedAt),
    timeCell(s.lastProgressAt),
    el('td', {}, blocked));
}

function renderCounts(counts = {}, capped = false) {
  const active = S.filter.states.length === 1 ? S.filter.states[0] : null;
  $('counts').replaceChildren(...STATES.map((st) => {
    const n = Number(counts?.[st] ?? 0);
    const label = capped && n >= 1000 ? '1000+' : String(n);
    return el('button', {
      type: 'button', class: st === active ? 'count active' : 'count', 'data-state': st,
      'aria-pressed': String(st === active), text: `${st} ${label}`,
    });
  }));
}

function onCountClick(e) {
  const chip = e.target instanceof Element ? e.target.closest('.count') : null;
  if (chip) navigate({ state: chip.dataset.state, type: S.filter.type });
}

function onFilter(e) {
  e.preventDefault();
  navigate({ state: $('filter-state').value, type: $('filter-type').value.trim() });
}

// ---------- detail view ----------

function enterDetail(id) {
  S.sagaId = id;
  S.hist = { events: [], rendered: 0 };
  $('back').setAttribute('href', S.lastListUrl);
  $('saga-title').replaceChildren(el('span', { class: 'saga-id mono', text: id }));
  for (const target of ['facts', 'timeline', 'actions']) $(target).replaceChildren();
  $('events').tBodies[0].replaceChildren();
  $('actions').hidden = true;
  $('waiting').hidden = true;
  for (const sec of ['sec-blocked', 'sec-failure', 'sec-pending', 'sec-plan', 'sec-compensations']) $(sec).hidden = true;
  refreshDetail(id, S.viewCtrl.signal);
}

async function refreshDetail(id, signal) {
  clearTimeout(S.pollTimer);
  try {
    const detail = await api(sagaPath(id), { signal });
    const hist = await loadHistory(id, signal);
    if (signal.aborted || hist !== S.hist) return;
    renderDetail(detail);
    clearError('poll');
    if (!detail.terminal) schedulePoll(id, signal);
  } catch (e) {
    if (signal.aborted) return;
    fail(e, 'poll');
    if (![401, 403, 404].includes(e.status)) schedulePoll(id, signal);
  }
}

function schedulePoll(id, signal) {
  clearTimeout(S.pollTimer);
  if (!signal.aborted) S.pollTimer = setTimeout(() => refreshDetail(id, signal), POLL_MS);
}

// `after` is an offset into the history, so the number of events held is where to resume.
async function loadHistory(id, signal) {
  const h = S.hist;
  for (;;) {
    const after = h.events.length;
    const page = await api(sagaPath(id, `/history?after=${after}&limit=1000`), { signal });
    if (after !== h.events.length) continue; // a concurrent refresh appended meanwhile
    h.events.push(...(page.events ?? []));
    if (page.nextAfter == null || !page.events?.length) return h;
  }
}

function renderDetail(d) {
  renderTitle(d);
  renderFacts(d);
  renderSections(d);
  renderWaiting(d, S.hist.events);
  renderActions(d);
  renderHistory(S.hist);
}

function renderTitle(d) {
  $('saga-title').replaceChildren(
    el('span', { class: 'saga-id mono', text: d.sagaId ?? S.sagaId }),
    el('span', { class: 'saga-type', text: d.workflowType }),
    stateBadge(d.state, 'saga-state'));
}

function renderFacts(d) {
  const facts = [['Events', d.events], ['Started', fmtTime(d.startedAt)],
    ['Last event', fmtTime(d.lastEventAt)], ['Code version', d.codeVersion]];
  if (d.compensationFailed) facts.push(['Compensation', 'failed']);
  const attrs = Object.entries(d.searchAttributes ?? {});
  if (attrs.length) facts.push(['Search attributes', attrs.map(([k, v]) => `${k}=${fmtValue(v)}`).join(', ')]);
  $('facts').replaceChildren(...facts.map(([k, v]) =>
    el('div', { class: 'fact' }, el('dt', { text: k }), el('dd', { text: v ?? '—' }))));
}

function fillSection(sectionId, target, children) {
  target.replaceChildren(...children);
  $(sectionId).hidden = children.length === 0;
}

function renderSections(d) {
  const b = d.blocked;
  fillSection('sec-blocked', $('blocked'), b
    ? [`${b.kind ? `${b.kind}: ` : ''}${b.message ?? ''} (since ${fmtTime(b.since)})`] : []);
  fillSection('sec-failure', $('failure'), d.failure ? [failureText(d.failure)] : []);
  if (d.failure?.type) $('failure').setAttribute('title', d.failure.type);
  else $('failure').removeAttribute('title');
  fillSection('sec-pending', $('pending'), (d.pendingSteps ?? []).map((x) => el('li', { text: describe(x) })));
  fillSection('sec-plan', $('plan'), (d.plannedCompensations ?? []).map((x) => el('li', { text: describe(x) })));
  fillSection('sec-compensations', $('compensations').tBodies[0], (d.compensations ?? []).map(compensationRow));
}

function compensationRow(c) {
  return el('tr', {},
    el('td', { class: 'mono', text: c.activityId ?? '—' }),
    el('td', { text: c.compensationType ?? '—' }),
    el('td', { class: 'mono', text: c.stepId ?? '—' }),
    el('td', {}, el('span', { class: 'comp-status', text: c.status ?? '—' })),
    el('td', { class: 'num', text: c.attempts ?? '—' }),
    el('td', { class: 'failure-text', text: failureText(c.failure) }));
}

function renderWaiting(d, events) {
  const text = waitingText(d, events);
  $('waiting').textContent = text ?? '';
  $('waiting').hidden = !text;
}

function waitingText(d, events) {
  if (d.terminal) return null;
  const pending = d.pendingSteps ?? [];
  if (pending.length) return `Waiting: activity ${pending.map(describe).join('; ')}`;
  if (d.state !== 'PAUSED') return null;
  const timer = openTimer(events);
  if (!timer) return 'Waiting: signal';
  const at = timer.attributes?.fireAt;
  const when = at != null ? ` (fires at ${fmtTime(at)})` : '';
  const idx = events.indexOf(timer);
  const signalAfter = events.slice(idx + 1).some((e) => e.type === 'SignalReceived');
  return signalAfter ? `Waiting: timer${when}` : `Waiting: signal or timer${when}`;
}

// The newest TimerCreated that no later TimerFired/TimerCanceled closes (matched by timerId when present).
function openTimer(events) {
  const closedIds = new Set();
  let closedAny = false;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    const id = e.attributes?.timerId;
    if (TIMER_CLOSED.has(e.type)) {
      closedAny = true;
      if (id != null) closedIds.add(String(id));
    } else if (e.type === 'TimerCreated') {
      if (id == null) return closedAny ? null : e;
      if (!closedIds.has(String(id))) return e;
    }
  }
  return null;
}

// ---------- actions ----------

function renderActions(d) {
  const box = $('actions');
  if (!canAct() || d.terminal) {
    box.replaceChildren();
    box.hidden = true;
    return;
  }
  if (box.childElementCount) return; // keep what the user is typing
  box.append(
    el('button', { id: 'cancel-saga', type: 'button', class: 'danger', text: 'Cancel saga', onclick: cancelSaga }),
    el('form', { id: 'signal-form', class: 'signal-form', onsubmit: sendSignal },
      el('label', {}, 'Signal', el('input', { id: 'signal-name', type: 'text', placeholder: 'name', spellcheck: 'false' })),
      el('label', {}, 'Payload (JSON)', el('textarea', { id: 'signal-payload', rows: 2, spellcheck: 'false', text: '{}' })),
      el('button', { id: 'signal-send', type: 'submit', text: 'Send signal' })),
    el('span', { id: 'action-status', class: 'muted', role: 'status' }));
  box.hidden = false;
}

async function runAction(button, fn) {
  const signal = S.viewCtrl.signal;
  const id = S.sagaId;
  button.disabled = true;
  $('action-status').textContent = '';
  try {
    const message = await fn();
    clearError('action');
    if ($('action-status')) $('action-status').textContent = message;
    if (!signal.aborted) refreshDetail(id, signal);
  } catch (e) {
    fail(e, 'action');
  } finally {
    button.disabled = false;
  }
}

function cancelSaga() {
  const id = S.sagaId;
  if (!confirm(`Cancel saga ${id}?`)) return;
  runAction($('cancel-saga'), async () => {
    const r = await api(sagaPath(id, '/cancel'), { method: 'POST' });
    return r?.cancelRequested === false ? 'Cancel was not requested' : 'Cancellation requested';
  });
}

function sendSignal(e) {
  e.preventDefault();
  const id = S.sagaId;
  const name = $('signal-name').value.trim();
  const payload = $('signal-payload').value;
  if (!name) return showError({ title: 'Invalid signal', detail: 'a signal name is required' }, 'action');
  try {
    JSON.parse(payload);
  } catch (err) {
    return showError({ title: 'Invalid JSON payload', detail: err.message }, 'action');
  }
  runAction($('signal-send'), async () => {
    await api(sagaPath(id, `/signals/${encodeURIComponent(name)}`), { method: 'POST', body: payload });
    return `Signal "${name}" sent`;
  });
}

// ---------- history: timeline + event table ----------

function categoryOf(ev) {
  for (const src of [ev.type, ev.category]) {
    const s = String(src ?? '').toLowerCase();
    const hit = ['activity', 'timer', 'signal'].find((c) => s.includes(c));
    if (hit) return hit;
    if (/workflow|saga/.test(s)) return 'workflow';
  }
  return 'other';
}

function renderHistory(h) {
  if (h.rendered === h.events.length) return;
  renderTimeline(h.events);
  $('events').tBodies[0].append(...h.events.slice(h.rendered).map(eventRow));
  h.rendered = h.events.length;
}

function eventRow(ev) {
  const retry = ev.retry ? ` · retry${typeof ev.retry === 'number' ? ` ${ev.retry}` : ''}` : '';
  return el('tr', { class: 'event-row', 'data-type': ev.type, 'data-event-id': ev.eventId },
    el('td', { class: 'num', text: ev.eventId }),
    el('td', {}, el('span', { class: `cat-dot cat-${categoryOf(ev)}` }), ev.type ?? '?'),
    timeCell(ev.timestamp),
    el('td', { class: 'summary', title: JSON.stringify(ev.attributes ?? {}), text: summarize(ev.attributes) + retry }));
}

const TL = { width: 1000, left: 80, right: 12, top: 6, lane: 20, axis: 22 };

function renderTimeline(events) {
  const times = events.map((e) => parseTime(e.timestamp)?.getTime() ?? NaN);
  const valid = times.filter(Number.isFinite);
  const t0 = valid.reduce((a, b) => Math.min(a, b), Infinity);
  const t1 = valid.reduce((a, b) => Math.max(a, b), -Infinity);
  const plot = TL.width - TL.left - TL.right;
  const xOf = (t) => TL.left + (t1 > t0 ? ((t - t0) / (t1 - t0)) * plot : 0);
  const height = TL.top + LANES.length * TL.lane + TL.axis;
  const svg = svgEl('svg', { class: 'timeline-svg', viewBox: `0 0 ${TL.width} ${height}`, role: 'img', 'aria-label': 'Event timeline' });
  LANES.forEach((lane, i) => svg.append(...laneParts(lane, TL.top + i * TL.lane)));
  events.forEach((ev, i) => {
    const cat = categoryOf(ev);
    const x = xOf(Number.isFinite(times[i]) ? times[i] : t0);
    svg.append(svgEl('rect', {
      class: `mark cat-${cat}`, x: (x - 1.5).toFixed(1), y: TL.top + LANES.indexOf(cat) * TL.lane + 3,
      width: 3, height: TL.lane - 6, 'data-event-id': ev.eventId,
    }, svgEl('title', { text: `#${ev.eventId} ${ev.type} ${fmtTime(ev.timestamp)}` })));
  });
  const axisY = height - 6;
  svg.append(
    svgEl('text', { class: 'axis-label', x: TL.left, y: axisY, text: fmtTime(valid.length ? t0 : null) }),
    svgEl('text', { class: 'axis-label axis-end', x: TL.width - TL.right, y: axisY, text: fmtTime(valid.length ? t1 : null) }));
  $('timeline').replaceChildren(svg);
}

function laneParts(lane, y) {
  const mid = y + TL.lane / 2;
  return [
    svgEl('line', { class: 'lane-line', x1: TL.left, x2: TL.width - TL.right, y1: mid, y2: mid }),
    svgEl('text', { class: 'lane-label', x: TL.left - 8, y: mid + 4, text: lane }),
  ];
}

// ---------- start ----------

function init() {
  $('login').addEventListener('submit', onLogin);
  $('sign-out').addEventListener('click', signOut);
  $('error').addEventListener('click', () => clearError());
  $('filters').addEventListener('submit', onFilter);
  $('counts').addEventListener('click', onCountClick);
  $('next-page').addEventListener('click', nextPage);
  $('live').addEventListener('click', resumeLive);
  document.addEventListener('click', onNavClick);
  window.addEventListener('popstate', route);
  boot();
}

init();
