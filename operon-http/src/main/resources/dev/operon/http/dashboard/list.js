// The sagas list view: filters, counts per state, live stream, paging.

import { $, el, stateBadge, timeCell, showError, clearError, fail } from '/dashboard/dom.js';
import { api, readSse, sleep } from '/dashboard/api.js';
import { S } from '/dashboard/state.js';

const STATES = ['RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'COMPENSATING', 'CANCELLED'];
const PAGE_LIMIT = 50;
const RECONNECT_MS = 2000;

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
}
