// The problems view: the saga watchdog's findings and circuit, and the tracked operations with no
// update for a while (the select's olderThan, kept in the URL). Both refresh every REFRESH_MS while
// the view is shown; leaving it aborts S.viewCtrl and clears S.pollTimer (app.js), as the saga view.

import { $, el, stateBadge, timeCell, clearError, fail } from '/dashboard/dom.js';
import { fmtTime } from '/dashboard/format.js';
import { api } from '/dashboard/api.js';
import { S } from '/dashboard/state.js';

const REFRESH_MS = 5000;
const STALLED_LIMIT = 100;
const DEFAULT_OLDER_THAN = 'PT60S';
const SAGA_PREFIX = 'Saga.'; // a saga's tracked operation is named Saga.<Type> under the saga's id
const STOP_ON = [401, 403, 404];

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
  $('findings').tBodies[0].replaceChildren();
  $('stalled').tBodies[0].replaceChildren();
  refreshProblems(olderThan, S.viewCtrl.signal);
}

async function refreshProblems(olderThan, signal) {
  clearTimeout(S.pollTimer);
  const stalledQuery = new URLSearchParams({ olderThan, limit: String(STALLED_LIMIT) });
  const [findings, stalled] = await Promise.allSettled([
    api('/api/watchdog/findings', { signal }),
    api(`/api/tracked/stalled?${stalledQuery}`, { signal }),
  ]);
  if (signal.aborted) return;
  const errors = [];
  if (findings.status === 'fulfilled') renderFindings(findings.value);
  else errors.push(findings.reason);
  if (stalled.status === 'fulfilled') renderStalled(stalled.value);
  else if (stalled.reason?.status === 404) renderNoTracking(); // a server without a tracking store
  else errors.push(stalled.reason);
  const err = errors[0];
  if (err) {
    fail(err, 'problems');
  } else {
    clearError('problems');
    $('problems-updated').textContent = `Updated ${fmtTime(Date.now())}`;
  }
  if (signal.aborted || STOP_ON.includes(err?.status)) return;
  S.pollTimer = setTimeout(() => refreshProblems(olderThan, signal), REFRESH_MS);
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

// ---------- controls ----------

// `navigate` comes from app.js: the select changes the URL, which picks the view and its olderThan.
export function bindProblemsControls(navigate) {
  $('stalled-older-than').addEventListener('change', (e) => {
    const v = e.target.value;
    navigate({ view: 'problems', olderThan: v === DEFAULT_OLDER_THAN ? '' : v });
  });
}
