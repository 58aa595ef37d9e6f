// The saga detail view: facts, waiting line, sections, actions (cancel, signal); polls until terminal.

import { $, el, stateBadge, showError, clearError, fail } from './dom.js';
import { fmtTime, fmtAge, fmtValue, parseTime, describe, failureText } from './format.js';
import { api, sagaPath, BASE } from './api.js';
import { renderHistory } from './timeline.js';
import { S, canAct } from './state.js';

const POLL_MS = 2000;
const TIMER_CLOSED = new Set(['TimerFired', 'TimerCanceled', 'TimerCancelled']);
const SECTIONS = ['sec-blocked', 'sec-failure', 'sec-pending', 'sec-plan', 'sec-children', 'sec-timers', 'sec-compensations'];

export function enterDetail(id) {
  S.sagaId = id;
  S.hist = { events: [], rendered: 0 };
  $('back').setAttribute('href', S.lastListUrl ?? `${BASE}/`);
  $('saga-title').replaceChildren(el('span', { class: 'saga-id mono', text: id }));
  for (const target of ['facts', 'timeline', 'actions']) $(target).replaceChildren();
  $('events').tBodies[0].replaceChildren();
  $('actions').hidden = true;
  $('waiting').hidden = true;
  for (const sec of SECTIONS) $(sec).hidden = true;
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
  fillSection('sec-children', $('children'), (d.children ?? []).map(childItem));
  fillSection('sec-timers', $('timers'), byFireAt(d.pendingTimers ?? []).map(timerItem));
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

function childItem(c) {
  const id = String(c.sagaId ?? '');
  return el('li', { class: 'child-row', 'data-saga-id': id },
    el('a', { class: 'nav mono', href: `?${new URLSearchParams({ saga: id })}`, text: id }),
    el('span', { class: 'saga-type', text: c.workflowType ?? '?' }),
    stateBadge(c.status),
    c.stepId != null ? el('span', { class: 'muted', text: `step ${c.stepId}` }) : null);
}

// Pending timers, the next to fire first.
const fireMs = (t) => parseTime(t.fireAt)?.getTime() ?? Infinity;
const byFireAt = (timers) => [...timers].sort((a, b) => fireMs(a) - fireMs(b));

// "fires at 2026-12-05 11:00:00 (in 59 min)", or "(overdue by 3 s)" once past.
function firesText(fireAt) {
  const at = parseTime(fireAt);
  if (!at) return `fires at ${fmtTime(fireAt)}`;
  const left = at.getTime() - Date.now();
  return `fires at ${fmtTime(fireAt)} (${left >= 0 ? `in ${fmtAge(left)}` : `overdue by ${fmtAge(-left)}`})`;
}

const signalName = (t) => (t.signal != null ? `signal ${t.signal}` : 'a signal');
// A timer the engine wrote for a signal wait's timeout (purpose "signal"; "sleep" is a plain sleep).
const boundsSignal = (t) => t.purpose === 'signal' || (t.purpose == null && t.signal != null);

// What a timer is for: "timeout of signal approve", its purpose and signal, or nothing.
function timerPurpose(t) {
  if (boundsSignal(t)) return `timeout of ${signalName(t)}`;
  return [t.purpose, t.signal != null ? signalName(t) : null].filter(Boolean).join(', ');
}

function timerItem(t) {
  const purpose = timerPurpose(t);
  const title = t.timerId != null ? `timer ${t.timerId}` : null;
  return el('li', { class: 'timer-row', 'data-timer-id': t.timerId ?? '', title },
    firesText(t.fireAt), purpose ? el('span', { class: 'muted', text: ` — ${purpose}` }) : null);
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
  if (Array.isArray(d.pendingTimers)) return timersWaitText(byFireAt(d.pendingTimers));
  const timer = openTimer(events);
  if (!timer) return 'Waiting: signal';
  const at = timer.attributes?.fireAt;
  const when = at != null ? ` (fires at ${fmtTime(at)})` : '';
  const idx = events.indexOf(timer);
  const signalAfter = events.slice(idx + 1).some((e) => e.type === 'SignalReceived');
  return signalAfter ? `Waiting: timer${when}` : `Waiting: signal or timer${when}`;
}

// From the server's pending timers: the next one, and the signal it bounds if any.
function timersWaitText(timers) {
  const next = timers[0];
  if (!next) return 'Waiting: signal';
  const more = timers.length > 1 ? ` (+${timers.length - 1} more ${timers.length === 2 ? 'timer' : 'timers'})` : '';
  const what = boundsSignal(next) ? `${signalName(next)} or its timeout` : 'timer';
  return `Waiting: ${what}, ${firesText(next.fireAt)}${more}`;
}

// For older servers, which give no pending timers: the newest TimerCreated that no later
// TimerFired/TimerCanceled closes (matched by timerId when present).
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
