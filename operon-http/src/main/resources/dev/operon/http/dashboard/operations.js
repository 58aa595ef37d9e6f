// The operations view: the outbox (backlog, discarded events, re-queue one or all) and the operation
// log, newest first. The log is tailed by index every LOG_POLL_MS (S.pollTimer), the outbox refreshed
// every OUTBOX_POLL_MS (S.outboxTimer); leaving the view aborts S.viewCtrl and clears both (app.js).

import { $, el, timeCell, clearError, fail, errorsTitle } from './dom.js';
import { fmtValue, summarize } from './format.js';
import { api, followBulk } from './api.js';
import { S, canAct } from './state.js';

const LOG_POLL_MS = 2000;
const OUTBOX_POLL_MS = 5000;
const FIRST_LIMIT = 50;   // operations on entering the view
const TAIL_LIMIT = 1000;  // operations per poll
const MAX_ROWS = 200;     // log rows kept on the page
const DISCARDED_LIMIT = 100;
const DETAILS_MAX = 120;  // characters of a command's summary
const STOP_ON = [401, 403, 404];

const emptyRow = (cols, text) => el('tr', { class: 'empty' }, el('td', { colspan: cols, text }));
const clock = () => new Date().toTimeString().slice(0, 8); // HH:MM:SS, local time

let logNext = null;     // the index to tail the log after (null: not loaded yet)
let bulkSignal = null;  // the running re-queue of all, while it runs

export function enterOperations() {
  logNext = null;
  $('operations-updated').textContent = '';
  $('outbox-backlog').textContent = 'Backlog: …';
  $('outbox-oldest').textContent = '';
  $('requeue-status').textContent = '';
  $('requeue-all').hidden = true;
  $('discarded-more').hidden = true;
  $('discarded').tBodies[0].replaceChildren();
  $('oplog').tBodies[0].replaceChildren();
  const signal = S.viewCtrl.signal;
  refreshLog(signal);
  refreshOutbox(signal);
}

function updated() {
  $('operations-updated').textContent = `Updated ${clock()}`;
}

// ---------- operation log ----------

async function refreshLog(signal) {
  clearTimeout(S.pollTimer);
  let delay = LOG_POLL_MS;
  try {
    const qs = logNext == null ? { limit: String(FIRST_LIMIT) } : { after: logNext, limit: String(TAIL_LIMIT) };
    const page = await api(`/api/operations?${new URLSearchParams(qs)}`, { signal });
    if (signal.aborted) return;
    const ops = page?.operations ?? [];
    addOperations(ops, logNext == null);
    if (page?.next != null) logNext = String(page.next);
    if (ops.length >= TAIL_LIMIT) delay = 0; // more waiting: fetch on at once
    clearError('oplog');
    updated();
  } catch (e) {
    if (signal.aborted) return;
    fail(e, 'oplog');
    if (STOP_ON.includes(e.status)) return;
  }
  clearTimeout(S.pollTimer);
  S.pollTimer = setTimeout(() => refreshLog(signal), delay);
}

// Operations come oldest first; rows go newest first, at most MAX_ROWS of them.
function addOperations(ops, first) {
  const body = $('oplog').tBodies[0];
  const top = body.querySelector('tr[data-index]');
  const newest = first || !top ? -Infinity : Number(top.dataset.index);
  const rows = ops.filter((op) => Number(op.index) > newest).reverse().map(operationRow);
  if (first) body.replaceChildren(...rows);
  else if (rows.length) {
    body.querySelector('tr.empty')?.remove();
    body.prepend(...rows);
  }
  while (body.rows.length > MAX_ROWS) body.lastElementChild.remove();
  if (!body.rows.length) body.append(emptyRow(5, 'No operation logged yet'));
}

// com.example.Outer$Inner → Outer.Inner
const simpleName = (type) => String(type ?? '?').split('.').pop().replace(/\$/g, '.');

function clip(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// A one-line summary of a command: its known fields, else its own fields as key=value.
function commandSummary(cmd) {
  if (cmd == null) return '—';
  if (typeof cmd !== 'object' || Array.isArray(cmd)) return clip(fmtValue(cmd), DETAILS_MAX);
  const text = summarize(cmd) || Object.entries(cmd).map(([k, v]) => `${k}=${fmtValue(v)}`).join(', ');
  return clip(text || '{}', DETAILS_MAX);
}

function operationRow(op) {
  const nested = Array.isArray(op.nested) && op.nested.length ? ` (+${op.nested.length} nested)` : '';
  return el('tr', { class: 'op-row', 'data-index': op.index ?? '' },
    el('td', { class: 'num', text: op.index ?? '—' }),
    timeCell(op.loggedAt),
    el('td', { class: 'mono host', text: op.hostId ?? '—' }),
    el('td', { title: op.commandType, text: simpleName(op.commandType) }),
    el('td', { class: 'summary', title: JSON.stringify(op.command ?? null, null, 2), text: commandSummary(op.command) + nested }));
}

// ---------- outbox ----------

async function refreshOutbox(signal) {
  clearTimeout(S.outboxTimer);
  const discardedQuery = new URLSearchParams({ state: 'DISCARDED', limit: String(DISCARDED_LIMIT) });
  const [outbox, discarded] = await Promise.allSettled([
    api('/api/outbox', { signal }),
    api(`/api/outbox/events?${discardedQuery}`, { signal }),
  ]);
  if (signal.aborted) return;
  if (outbox.status === 'fulfilled') renderOutbox(outbox.value);
  if (discarded.status === 'fulfilled') renderDiscarded(discarded.value);
  const err = [outbox, discarded].find((r) => r.status === 'rejected')?.reason;
  if (err) {
    fail(err, 'outbox');
  } else {
    clearError('outbox');
    updated();
  }
  if (signal.aborted || STOP_ON.includes(err?.status)) return;
  clearTimeout(S.outboxTimer); // a re-queue's refresh may have run meanwhile: one timer only
  S.outboxTimer = setTimeout(() => refreshOutbox(signal), OUTBOX_POLL_MS);
}

function ageText(ms) {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

function renderOutbox(o) {
  $('outbox-backlog').textContent = `Backlog: ${o?.backlog ?? '?'}`;
  const age = o?.oldestNewAgeMillis;
  $('outbox-oldest').textContent = typeof age === 'number' ? `oldest waiting ${ageText(age)}` : 'nothing waiting';
}

function renderDiscarded(page) {
  const events = page?.events ?? [];
  const rows = events.map(discardedRow);
  if (!rows.length) rows.push(emptyRow(6, 'No discarded event'));
  $('discarded').tBodies[0].replaceChildren(...rows);
  $('discarded-more').textContent = `Showing the first ${events.length} discarded events`;
  $('discarded-more').hidden = page?.next == null;
  const all = $('requeue-all');
  all.hidden = !canAct() || !events.length;
  all.disabled = Boolean(bulkSignal);
}

function discardedRow(ev) {
  const id = String(ev.id ?? '');
  const requeue = canAct()
    ? el('button', { type: 'button', class: 'requeue', text: 'Re-queue', onclick: (e) => requeueOne(id, e.currentTarget) })
    : null;
  return el('tr', { class: 'discarded-row', 'data-event-id': id },
    el('td', { class: 'mono', title: ev.loggedAt ? `logged ${ev.loggedAt}` : null, text: id }),
    el('td', { title: ev.valueType, text: simpleName(ev.valueType) }),
    el('td', { class: 'num', text: ev.attempts ?? '—' }),
    el('td', { class: 'message failure-text', title: ev.lastError, text: clip(String(ev.lastError ?? ''), 240) }),
    timeCell(ev.delayUntil),
    el('td', { class: 'row-action' }, requeue));
}

// ---------- re-queue ----------

async function requeueOne(id, button) {
  const signal = S.viewCtrl.signal;
  button.disabled = true;
  try {
    await api(`/api/outbox/events/${encodeURIComponent(id)}/requeue`, { method: 'POST', signal });
    clearError('requeue');
    $('requeue-status').textContent = `Event ${id} re-queued`;
  } catch (e) {
    fail(e, 'requeue'); // a 404: no longer discarded; the refresh drops its row
  }
  button.disabled = false;
  if (!signal.aborted) refreshOutbox(signal);
}

const postRequeue = (body, signal) =>
  api('/api/outbox/requeue', { method: 'POST', body: JSON.stringify(body), signal });

async function requeueAll() {
  const signal = S.viewCtrl.signal;
  const button = $('requeue-all');
  const status = $('requeue-status');
  bulkSignal = signal;
  button.disabled = true;
  status.textContent = '';
  clearError('requeue');
  try {
    const dry = await postRequeue({ dryRun: true }, signal);
    const count = Number(dry?.count ?? 0);
    if (signal.aborted) return;
    if (!count) {
      status.textContent = 'No discarded event';
      return;
    }
    if (!confirm(`Re-queue ${count} discarded ${count === 1 ? 'event' : 'events'}?`)) return;
    if (signal.aborted) return;
    const run = await postRequeue({ dryRun: false, expectedCount: count }, signal); // 409 if the count changed
    await pollBulk(run.bulkId, status, signal);
  } catch (e) {
    if (!signal.aborted) fail(e, 'requeue');
  } finally {
    if (bulkSignal === signal) bulkSignal = null;
    button.disabled = false;
    if (!signal.aborted) refreshOutbox(signal);
  }
}

// Progress until the run is DONE or the view is left (its signal aborts).
function pollBulk(bulkId, status, signal) {
  return followBulk(bulkId, signal, (p) => {
    clearError('requeue');
    const extra = [p.skipped ? `${p.skipped} skipped` : '', p.failed ? `${p.failed} failed` : ''].filter(Boolean);
    status.textContent = `${p.done} of ${p.total} re-queued${extra.length ? `, ${extra.join(', ')}` : ''}`;
    errorsTitle(status, p.errors);
  }, (e) => fail(e, 'requeue')); // a passing failure: keep polling
}

export function bindOperationsControls() {
  $('requeue-all').addEventListener('click', requeueAll);
}
