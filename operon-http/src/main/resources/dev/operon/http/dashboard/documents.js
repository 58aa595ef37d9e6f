// The documents views: the list, paged by `after` in the URL, and one document: its facts, its scopes,
// and a scope's state and operations at the revision a slider picks (document, scope and revision are
// kept in the URL). Operators may undo and redo the scope's last operation.

import { $, el, timeCell, clearError, fail } from './dom.js';
import { fmtTime, fmtValue } from './format.js';
import { api } from './api.js';
import { S, canAct } from './state.js';

const PAGE_LIMIT = 100;
const SLIDE_DEBOUNCE_MS = 250;
const INPUT_MAX = 120; // characters of an action's input summary

const docPath = (id, suffix = '') => `/api/documents/${encodeURIComponent(id)}${suffix}`;
const emptyRow = (cols, text) => el('tr', { class: 'empty' }, el('td', { colspan: cols, text }));

// A dashboard URL of the given query parameters, those without a value left out.
function pageUrl(params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') qs.set(k, String(v));
  return `?${qs}`;
}

let listUrl = '?view=documents'; // the documents page last shown: the detail's back link
let listNext = null;             // the `after` of the next page, if any
let cur = null;                  // the shown document: { id, scope, revision (null: latest), gen }
let slideTimer = 0;              // the slider's debounced fetch

// ---------- list ----------

export function enterDocuments(q) {
  const after = q.get('after') ?? '';
  listUrl = location.search || '?view=documents';
  listNext = null;
  $('documents').tBodies[0].replaceChildren();
  $('documents-next').hidden = true;
  $('documents-first').hidden = !after;
  loadDocuments(after, S.viewCtrl.signal);
}

async function loadDocuments(after, signal) {
  const qs = new URLSearchParams({ limit: String(PAGE_LIMIT) });
  if (after) qs.set('after', after);
  try {
    const page = await api(`/api/documents?${qs}`, { signal });
    if (signal.aborted) return;
    const rows = (page?.documents ?? []).map(documentRow);
    if (!rows.length) rows.push(emptyRow(4, after ? 'No more documents' : 'No document yet'));
    $('documents').tBodies[0].replaceChildren(...rows);
    listNext = page?.next ?? null;
    $('documents-next').hidden = listNext == null;
    clearError('documents');
  } catch (e) {
    fail(e, 'documents');
  }
}

function documentRow(d) {
  const id = String(d.id ?? '');
  return el('tr', { class: 'document-row', 'data-document-id': id },
    el('td', { class: 'mono' }, el('a', { class: 'nav', href: pageUrl({ document: id }), text: id })),
    el('td', { title: d.modelVersion != null ? `model version ${d.modelVersion}` : null, text: d.documentType ?? '—' }),
    el('td', { text: d.name || '—' }),
    timeCell(d.createdAt));
}

// ---------- one document ----------

export function enterDocument(q) {
  clearTimeout(slideTimer);
  const rev = q.get('revision') ?? '';
  cur = { id: q.get('document'), scope: q.get('scope') || null, revision: /^\d+$/.test(rev) ? Number(rev) : null, gen: 0 };
  const signal = S.viewCtrl.signal;
  signal.addEventListener('abort', () => clearTimeout(slideTimer), { once: true });
  $('document-back').setAttribute('href', listUrl);
  $('document-title').textContent = cur.id;
  $('document-facts').replaceChildren();
  $('scopes').tBodies[0].replaceChildren();
  $('scope-panel').hidden = true;
  $('doc-actions').hidden = !canAct();
  $('doc-action-status').textContent = '';
  loadDocument(cur, signal);
}

async function loadDocument(doc, signal) {
  try {
    const d = await api(docPath(doc.id), { signal });
    if (signal.aborted || doc !== cur) return;
    const scopes = d?.scopes ?? [];
    doc.scope ??= scopes[0]?.name ?? null;
    renderFacts(d);
    renderScopes(doc, scopes);
    clearError('document');
    if (doc.scope) await loadHistory(doc, signal);
  } catch (e) {
    fail(e, 'document');
  }
}

function renderFacts(d) {
  $('document-title').textContent = d.id ?? cur.id;
  const facts = [['Type', d.documentType], ['Model version', d.modelVersion], ['Name', d.name || '—'],
    ['Created', fmtTime(d.createdAt)], ['Branch', d.branch]];
  $('document-facts').replaceChildren(...facts.map(([k, v]) =>
    el('div', { class: 'fact' }, el('dt', { text: k }), el('dd', { text: v ?? '—' }))));
}

function renderScopes(doc, scopes) {
  const rows = scopes.map((s) => {
    const current = s.name === doc.scope;
    return el('tr', { class: current ? 'scope-row current' : 'scope-row', 'data-scope': s.name },
      el('td', {}, el('a', {
        class: 'nav', href: pageUrl({ document: doc.id, scope: s.name }), 'aria-current': current ? 'true' : null, text: s.name,
      })),
      el('td', { class: 'num', text: s.revision ?? '—' }),
      el('td', { class: 'mono', text: s.hash ?? '—' }));
  });
  if (!rows.length) rows.push(emptyRow(3, 'No scope'));
  $('scopes').tBodies[0].replaceChildren(...rows);
}

// The scope's state and operations at doc.revision (null: the latest); a later request wins.
async function loadHistory(doc, signal) {
  const gen = ++doc.gen;
  const qs = new URLSearchParams({ scope: doc.scope });
  if (doc.revision != null) qs.set('revision', String(doc.revision));
  try {
    const h = await api(docPath(doc.id, `/history?${qs}`), { signal });
    if (signal.aborted || doc !== cur || gen !== doc.gen) return;
    renderHistory(h);
    clearError('document');
  } catch (e) {
    if (gen === doc.gen) fail(e, 'document');
  }
}

function renderHistory(h) {
  const latest = Number(h?.latestRevision ?? 0);
  const revision = Number(h?.revision ?? latest);
  const slider = $('revision-slider');
  slider.max = String(latest);
  slider.value = String(revision);
  slider.disabled = latest === 0;
  setRevisionLabel(revision);
  $('scope-title').textContent = `Scope ${h?.scope ?? cur.scope}`;
  $('document-state').textContent = JSON.stringify(h?.state ?? null, null, 2);
  const rows = (h?.operations ?? []).map(operationRow);
  if (!rows.length) rows.push(emptyRow(6, latest ? 'No operation at revision 0' : 'No operation yet'));
  $('document-operations').tBodies[0].replaceChildren(...rows);
  $('scope-panel').hidden = false;
}

function setRevisionLabel(revision) {
  $('revision-label').textContent = `revision ${revision} of ${$('revision-slider').max}`;
}

function clip(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// An action's input on one line: its fields as key=value.
function inputSummary(input) {
  if (input == null) return '—';
  if (typeof input !== 'object' || Array.isArray(input)) return clip(fmtValue(input), INPUT_MAX);
  return clip(Object.entries(input).map(([k, v]) => `${k}=${fmtValue(v)}`).join(', ') || '{}', INPUT_MAX);
}

function operationRow(op) {
  const a = op.action ?? {};
  const signatures = a.context?.signatures ?? [];
  const signed = Array.isArray(signatures) && signatures.length > 0;
  const signer = a.context?.signer;
  const skip = Number(op.skip ?? 0);
  return el('tr', { class: op.error != null ? 'doc-op-row failed' : 'doc-op-row', 'data-index': op.index ?? '' },
    el('td', { class: 'num', title: op.hash ? `hash ${op.hash}` : null, text: op.index ?? '—' }),
    timeCell(op.timestamp ?? a.timestamp),
    el('td', { class: 'mono', title: a.id ? `action ${a.id}` : null, text: a.type ?? '—' },
      skip ? el('span', { class: 'skip', title: `skips ${skip} earlier operation(s)`, text: `skip ${skip}` }) : null),
    el('td', { class: 'summary', title: JSON.stringify(a.input ?? null, null, 2), text: inputSummary(a.input) }),
    el('td', { title: signed && signer ? JSON.stringify(signer) : null, text: signed ? 'yes' : 'no' }),
    el('td', { class: 'failure-text', text: op.error ?? '' }));
}

// ---------- controls ----------

// Moving the slider: the label follows at once (and a fetch for an earlier position becomes stale);
// the fetch itself waits until the slider rests (`input`) or is let go (`change`).
function onSlide(now) {
  const doc = cur;
  if (!doc?.scope) return;
  const signal = S.viewCtrl.signal;
  const revision = Number($('revision-slider').value);
  doc.gen++;
  setRevisionLabel(revision);
  clearTimeout(slideTimer);
  slideTimer = setTimeout(() => {
    if (signal.aborted || doc !== cur) return;
    doc.revision = revision;
    history.replaceState(null, '', pageUrl({ document: doc.id, scope: doc.scope, revision }));
    loadHistory(doc, signal);
  }, now ? 0 : SLIDE_DEBOUNCE_MS);
}

// Undo or redo the scope's last operation, then show the document at its latest revision.
async function undoRedo(which, button) {
  const doc = cur;
  if (!doc?.scope) return;
  const signal = S.viewCtrl.signal;
  button.disabled = true;
  $('doc-action-status').textContent = '';
  try {
    await api(docPath(doc.id, `/${which}?${new URLSearchParams({ scope: doc.scope })}`), { method: 'POST', signal });
    clearError('doc-action');
    if (signal.aborted || doc !== cur) return;
    $('doc-action-status').textContent = which === 'undo' ? 'Undone' : 'Redone';
    doc.revision = null;
    history.replaceState(null, '', pageUrl({ document: doc.id, scope: doc.scope }));
    await loadDocument(doc, signal);
  } catch (e) {
    fail(e, 'doc-action');
  } finally {
    button.disabled = false;
  }
}

// `navigate` comes from app.js: the next page is a URL, which picks the view and its `after`.
export function bindDocumentsControls(navigate) {
  $('documents-next').addEventListener('click', () => {
    if (listNext != null) navigate({ view: 'documents', after: listNext });
  });
  $('revision-slider').addEventListener('input', () => onSlide(false));
  $('revision-slider').addEventListener('change', () => onSlide(true));
  $('doc-undo').addEventListener('click', (e) => undoRedo('undo', e.currentTarget));
  $('doc-redo').addEventListener('click', (e) => undoRedo('redo', e.currentTarget));
}
