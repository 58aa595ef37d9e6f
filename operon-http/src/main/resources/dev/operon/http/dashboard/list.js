// The sagas list view: filters, counts per state, live stream, paging, bulk cancel by the filter,
// saved queries (named filters, kept in localStorage).

import { $, el, stateBadge, timeCell, showError, clearError, fail, errorsTitle } from './dom.js';
import { api, readSse, sleep, followBulk } from './api.js';
import { S, canAct } from './state.js';

const STATES = ['RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'COMPENSATING', 'CANCELLED'];
const PAGE_LIMIT = 50;
const RECONNECT_MS = 2000;
const SAVED_KEY = 'operonSavedQueries'; // a JSON array of { name, search }
const SAVED_MAX = 20;

function listQuery(f, extra = {}) {
  const qs = new URLSearchParams();
  for (const s of f.states) qs.append('state', s);
  if (f.type) qs.set('type', f.type);
  qs.set('limit', String(PAGE_LIMIT));
  for (const [k, v] of Object.entries(extra)) qs.set(k, v);
  return qs.toString();
}

const countsQuery = (f) => (f.type ? `?${new URLSearchParams({ type: f.type })}` : '');

export function enterList(q) {
  S.filter = { states: q.getAll('state').filter(Boolean), type: (q.get('type') ?? '').trim() };
  S.lastListUrl = location.search || location.pathname;
  $('filter-state').value = S.filter.states[0] ?? '';
  $('filter-type').value = S.filter.type;
  $('sagas').tBodies[0].replaceChildren();
  $('counts').replaceChildren();
  renderSaved();
  renderBulk();
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

export function stopStream() {
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

// ---------- saved queries ----------

// The saved queries, anything that is not a { name, search } left out.
function loadSaved() {
  try {
    const list = JSON.parse(localStorage.getItem(SAVED_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((x) => typeof x?.name === 'string' && typeof x?.search === 'string') : [];
  } catch {
    return [];
  }
}

function storeSaved(list) {
  try {
    localStorage.setItem(SAVED_KEY, JSON.stringify(list.slice(-SAVED_MAX)));
  } catch (e) {
    showError({ title: 'Could not save the queries', detail: e.message }, 'saved');
  }
  renderSaved();
}

// The list view's URL under a name; a query of the same name is replaced, the oldest dropped past SAVED_MAX.
function saveQuery() {
  const name = prompt('Name this query')?.trim();
  if (!name) return;
  const list = loadSaved();
  const at = list.findIndex((x) => x.name === name);
  if (at >= 0) list[at] = { name, search: location.search };
  else list.push({ name, search: location.search });
  storeSaved(list);
}

function renderSaved() {
  const chips = loadSaved().map((x) => el('span', { class: 'saved-query' },
    el('a', { class: x.search === location.search ? 'nav saved active' : 'nav saved', href: x.search || '?', text: x.name }),
    el('button', {
      type: 'button', class: 'remove-query', title: `Remove ${x.name}`, 'aria-label': `Remove ${x.name}`, text: '×',
      onclick: () => storeSaved(loadSaved().filter((y) => y.name !== x.name)),
    })));
  $('saved-queries').replaceChildren(...chips);
  $('saved-queries').hidden = !chips.length;
}

// ---------- bulk cancel ----------

// The button exists only for those who may act; a fresh one per view, so a run left behind
// (its requests aborted with the view) never touches the new one.
function renderBulk() {
  const box = $('bulk');
  if (!canAct()) {
    box.replaceChildren();
    box.hidden = true;
    return;
  }
  box.replaceChildren(
    el('button', { id: 'bulk-cancel', type: 'button', class: 'danger', text: 'Cancel all matching…', onclick: bulkCancel }),
    el('span', { id: 'bulk-status', class: 'muted', role: 'status' }));
  box.hidden = false;
}

// The list view's filter (as the URL holds it) in the form POST /api/sagas/bulk takes.
function bulkFilter(f) {
  const filter = {};
  if (f.states.length) filter.state = [...f.states];
  if (f.type) filter.type = f.type;
  return filter;
}

function describeFilter(filter) {
  const parts = [];
  if (filter.state) parts.push(`state ${filter.state.join(' or ')}`);
  if (filter.type) parts.push(`type ${filter.type}`);
  return parts.length ? parts.join(', ') : 'every saga';
}

const postBulk = (body, signal) =>
  api('/api/sagas/bulk', { method: 'POST', body: JSON.stringify({ action: 'cancel', ...body }), signal });

async function bulkCancel() {
  const signal = S.viewCtrl.signal;
  const button = $('bulk-cancel');
  const status = $('bulk-status');
  const filter = bulkFilter(S.filter);
  button.disabled = true;
  status.textContent = '';
  clearError('bulk');
  try {
    const dry = await postBulk({ filter, dryRun: true }, signal);
    const count = Number(dry?.count ?? 0);
    if (signal.aborted) return;
    if (!count) {
      status.textContent = 'No saga matches this filter';
      return;
    }
    if (!confirm(`Cancel ${count} ${count === 1 ? "saga" : "sagas"} matching ${describeFilter(filter)}? Their completed steps are compensated.`)) return;
    if (signal.aborted) return;
    const run = await postBulk({ filter, dryRun: false, expectedCount: count }, signal);
    await pollBulk(run.bulkId, status, signal);
  } catch (e) {
    if (!signal.aborted) fail(e, 'bulk');
  } finally {
    button.disabled = false;
  }
}

// Progress until the run is DONE or the view is left (its signal aborts).
function pollBulk(bulkId, status, signal) {
  return followBulk(bulkId, signal, (p) => {
    clearError('bulk');
    const text = `Bulk cancel: ${p.done} cancelled, ${p.skipped} already ended, ${p.failed} failed of ${p.total}`;
    status.textContent = p.state === 'DONE' ? `${text} — finished` : text;
    errorsTitle(status, p.errors);
  }, (e) => fail(e, 'bulk')); // a passing failure: keep polling
}

function onCountClick(e, navigate) {
  const chip = e.target instanceof Element ? e.target.closest('.count') : null;
  if (chip) navigate({ state: chip.dataset.state, type: S.filter.type });
}

function onFilter(e, navigate) {
  e.preventDefault();
  navigate({ state: $('filter-state').value, type: $('filter-type').value.trim() });
}

// `navigate` comes from app.js: filters and count chips change the URL, which picks the view.
export function bindListControls(navigate) {
  $('filters').addEventListener('submit', (e) => onFilter(e, navigate));
  $('counts').addEventListener('click', (e) => onCountClick(e, navigate));
  $('next-page').addEventListener('click', nextPage);
  $('live').addEventListener('click', resumeLive);
  $('save-query').addEventListener('click', saveQuery);
}
