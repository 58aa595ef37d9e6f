// The problems view: the saga watchdog's findings and circuit, the tracked operations with no
// update for a while (the select's olderThan, kept in the URL), and on a server serving sagas its
// task queues and their dead letters. All refresh every REFRESH_MS while the view is shown; leaving
// it aborts S.viewCtrl and clears S.pollTimer (app.js), as the saga view.

import { $, el, stateBadge, timeCell, clearError, fail } from './dom.js';
import { fmtTime, fmtAge } from './format.js';
import { api } from './api.js';
import { S, serves } from './state.js';

const REFRESH_MS = 5000;
const STALLED_LIMIT = 100;
const DEFAULT_OLDER_THAN = 'PT60S';
const SAGA_PREFIX = 'Saga.'; // a saga's tracked operation is named Saga.<Type> under the saga's id
const STOP_ON = [401, 403, 404];
const LATE_MS = 60_000;       // a queue whose oldest task waits longer is late
const DEAD_LETTER_LIMIT = 100; // dead letters asked for per queue
const PAYLOAD_MAX = 120;       // characters of a dead letter's payload summary

const sagaLink = (id) => el('a', { class: 'nav', href: `?${new URLSearchParams({ saga: id })}`, text: id });
const emptyRow = (cols, text) => el('tr', { class: 'empty' }, el('td', { colspan: cols, text }));

// The olderThan the URL asks for when the select offers it, else the default; a URL asking for
// another one is rewritten (replaceState) so that it says what is shown.
function olderThanOf(q) {
  const raw = q.get('olderThan');
  const wanted = (raw ?? '').trim().toUpperCase();
  const offered = [...$('stalled-older-than').options].map((o) => o.value);
  const olderThan = offered.includes(wanted) ? wanted : DEFAULT_OLDER_THAN;
  if (raw != null && raw !== olderThan) {
    q.delete('olderThan');
    if (olderThan !== DEFAULT_OLDER_THAN) q.set('olderThan', olderThan);
    history.replaceState(null, '', `?${q}`);
  }
  return olderThan;
}

export function enterProblems(q) {
  const olderThan = olderThanOf(q);
  $('stalled-older-than').value = olderThan;
  $('circuit').textContent = 'Watchdog circuit: …';
  $('circuit').removeAttribute('data-circuit');
  $('problems-updated').textContent = '';
  for (const id of ['findings', 'stalled', 'queues', 'dead-letters']) $(id).tBodies[0].replaceChildren();
  const view = { olderThan, queues: serves('sagas'), signal: S.viewCtrl.signal };
  showQueues(view.queues);
  refreshProblems(view);
}

// `view.queues`: whether to ask for the queues (the server serves sagas, and did not answer 404).
async function refreshProblems(view) {
  const { olderThan, signal } = view;
  clearTimeout(S.pollTimer);
  const stalledQuery = new URLSearchParams({ olderThan, limit: String(STALLED_LIMIT) });
  const [findings, stalled, queues] = await Promise.allSettled([
    api('/api/watchdog/findings', { signal }),
    api(`/api/tracked/stalled?${stalledQuery}`, { signal }),
    view.queues ? loadQueues(signal) : null,
  ]);
  if (signal.aborted) return;
  const errors = [];
  if (findings.status === 'fulfilled') renderFindings(findings.value);
  else errors.push(findings.reason);
  if (stalled.status === 'fulfilled') renderStalled(stalled.value);
  else if (stalled.reason?.status === 404) renderNoTracking(); // a server without a tracking store
  else errors.push(stalled.reason);
  if (queues.status === 'rejected' && queues.reason?.status === 404) { // a server without queues
    view.queues = false;
    showQueues(false);
  } else if (queues.status === 'rejected') {
    errors.push(queues.reason);
  } else if (queues.value) {
    renderQueues(queues.value);
    if (queues.value.error) errors.push(queues.value.error);
  }
  const err = errors[0];
  if (err) {
    fail(err, 'problems');
  } else {
    clearError('problems');
    $('problems-updated').textContent = `Updated ${fmtTime(Date.now())}`;
  }
  if (signal.aborted || STOP_ON.includes(err?.status)) return;
  S.pollTimer = setTimeout(() => refreshProblems(view), REFRESH_MS);
}

// ---------- watchdog findings ----------

function renderFindings(data) {
  const circuit = String(data?.circuit ?? '?');
  $('circuit').textContent = `Watchdog circuit: ${circuit}`;
  $('circuit').setAttribute('data-circuit', circuit);
  const rows = (data?.findings ?? []).map(findingRow);
  if (!rows.length) rows.push(emptyRow(5, 'No findings'));
  $('findings').tBodies[0].replaceChildren(...rows);
}

function levelBadge(level) {
  const cls = String(level ?? '').toLowerCase().replace(/[^a-z_-]/g, '');
  return el('span', { class: `level level-${cls}`, text: level ?? '?' });
}

function findingRow(f) {
  return el('tr', { class: 'finding-row', 'data-level': f.level ?? '' },
    el('td', {}, levelBadge(f.level)),
    el('td', { text: f.detector ?? '—' }),
    el('td', { class: 'mono' }, f.sagaId != null ? sagaLink(String(f.sagaId)) : '—'),
    timeCell(f.since),
    el('td', { class: 'message', text: f.message ?? '' }));
}

// ---------- stalled operations ----------

function renderStalled(data) {
  const rows = (data?.operations ?? []).map(stalledRow);
  if (!rows.length) rows.push(emptyRow(6, 'No stalled operation'));
  $('stalled').tBodies[0].replaceChildren(...rows);
}

function renderNoTracking() {
  $('stalled').tBodies[0].replaceChildren(emptyRow(6, 'This server keeps no tracked operations'));
}

function stalledRow(op) {
  const id = String(op.id ?? '');
  const isSaga = String(op.name ?? '').startsWith(SAGA_PREFIX);
  return el('tr', { class: 'stalled-row', 'data-operation-id': id },
    el('td', { text: op.name ?? '—' }),
    el('td', { class: 'mono', title: op.correlationId ? `correlation ${op.correlationId}` : null }, isSaga ? sagaLink(id) : id),
    el('td', {}, stateBadge(op.status)),
    progressCell(op.percent),
    timeCell(op.updatedAt),
    el('td', { class: 'message', text: op.message ?? '' }));
}

function progressCell(percent) {
  if (typeof percent !== 'number' || !Number.isFinite(percent)) return el('td', { class: 'progress-cell', text: '—' });
  const value = Math.min(100, Math.max(0, percent));
  return el('td', { class: 'progress-cell' },
    el('progress', { max: 100, value, 'aria-label': `${percent}%` }),
    el('span', { class: 'percent', text: `${percent}%` }));
}

// ---------- queues and dead letters ----------

function showQueues(shown) {
  $('sec-queues').hidden = !shown;
  $('sec-dead-letters').hidden = !shown;
}

const deadLettersPath = (queue) =>
  `/api/queues/${encodeURIComponent(queue)}/dead-letters?${new URLSearchParams({ limit: String(DEAD_LETTER_LIMIT) })}`;

// The queues, and the dead letters of those that hold any (`error`: the first such list that failed;
// a 404 only says the queue went away meanwhile).
async function loadQueues(signal) {
  const queues = (await api('/api/queues', { signal }))?.queues ?? [];
  const withDead = queues.filter((x) => Number(x.deadLetters) > 0);
  const lists = await Promise.allSettled(withDead.map((x) => api(deadLettersPath(x.name), { signal })));
  const deadLetters = lists.flatMap((r, i) => (r.status === 'fulfilled'
    ? (r.value?.deadLetters ?? []).map((d) => ({ ...d, queue: r.value.queue ?? withDead[i].name })) : []));
  const failed = lists.find((r) => r.status === 'rejected' && r.reason?.status !== 404);
  return { queues, deadLetters, error: failed?.reason };
}

function renderQueues(data) {
  const rows = data.queues.map(queueRow);
  if (!rows.length) rows.push(emptyRow(4, 'No queue'));
  $('queues').tBodies[0].replaceChildren(...rows);
  const dead = data.deadLetters.map(deadLetterRow);
  if (!dead.length) dead.push(emptyRow(6, 'No dead letter'));
  $('dead-letters').tBodies[0].replaceChildren(...dead);
}

function queueRow(x) {
  const age = typeof x.oldestAgeMillis === 'number' ? x.oldestAgeMillis : null;
  const bad = Number(x.deadLetters) > 0;
  return el('tr', { class: age != null && age > LATE_MS ? 'queue-row late' : 'queue-row', 'data-queue': x.name ?? '' },
    el('td', { class: 'mono', text: x.name ?? '—' }),
    el('td', { class: 'num', text: x.depth ?? '—' }),
    el('td', { class: 'num', title: age != null ? `${age} ms` : null, text: fmtAge(age) }),
    el('td', { class: bad ? 'num bad' : 'num', text: x.deadLetters ?? '—' }));
}

function deadLetterRow(d) {
  const [summary, full] = payloadText(d);
  return el('tr', { class: 'dead-letter-row', 'data-task-id': d.id ?? '' },
    el('td', { class: 'mono', text: d.queue ?? '—' }),
    el('td', { class: 'mono', text: d.id ?? '—' }),
    el('td', { class: 'num', text: d.deliveries ?? '—' }),
    el('td', { class: 'message failure-text', text: d.reason ?? '' }),
    timeCell(d.deadAt),
    el('td', { class: 'payload', title: full, text: summary }));
}

function clip(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// A dead letter's payload on one line and in full (the title): its JSON, or the size of a binary one.
function payloadText(d) {
  if (d.payloadBase64 != null) {
    const b64 = String(d.payloadBase64).replace(/[\s=]/g, '');
    const bytes = Math.floor((b64.length * 3) / 4);
    return [`binary (${bytes} ${bytes === 1 ? 'byte' : 'bytes'})`, `base64 ${clip(b64, 1000)}`];
  }
  if (!('payload' in d)) return ['—', null];
  return [clip(JSON.stringify(d.payload), PAYLOAD_MAX), JSON.stringify(d.payload, null, 2)];
}

// ---------- controls ----------

// `navigate` comes from app.js: the select changes the URL, which picks the view and its olderThan.
export function bindProblemsControls(navigate) {
  $('stalled-older-than').addEventListener('change', (e) => {
    const v = e.target.value;
    navigate({ view: 'problems', olderThan: v === DEFAULT_OLDER_THAN ? '' : v });
  });
}
