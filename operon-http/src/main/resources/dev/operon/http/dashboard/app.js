// Operon dashboard entry: sign-in, routing between the views (sagas list and detail, operations,
// documents list and detail, problems) by URL query.
// Plain DOM, no frameworks. Never uses innerHTML: all data goes through textContent.

import { $, showError, clearError, setUnauthorizedHandler } from './dom.js';
import { api, TOKEN_KEY } from './api.js';
import { S, serves } from './state.js';
import { enterList, stopStream, bindListControls } from './list.js';
import { enterDetail } from './saga.js';
import { enterProblems, bindProblemsControls } from './problems.js';
import { enterOperations, bindOperationsControls } from './operations.js';
import { enterDocuments, enterDocument, bindDocumentsControls } from './documents.js';

// Each view: its section, and the top bar link it belongs to (a saga's page to Sagas, a document's to Documents).
const VIEWS = {
  list: { section: 'list-view', nav: 'nav-sagas' },
  detail: { section: 'detail-view', nav: 'nav-sagas' },
  operations: { section: 'operations-view', nav: 'nav-operations' },
  documents: { section: 'documents-view', nav: 'nav-documents' },
  document: { section: 'document-view', nav: 'nav-documents' },
  problems: { section: 'problems-view', nav: 'nav-problems' },
};
// The top bar links shown only when the server serves what they need: [link, capability, view].
// Problems is always shown.
const NAV_NEEDS = [['nav-sagas', 'sagas', 'list'], ['nav-operations', 'operations', 'operations'],
  ['nav-documents', 'documents', 'documents']];
const NAV_IDS = ['nav-sagas', 'nav-operations', 'nav-documents', 'nav-problems'];
const NAMED_VIEWS = ['problems', 'operations', 'documents'];

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
  const hide = [...Object.values(VIEWS).map((v) => v.section), 'topnav', 'whoami', 'readonly-badge', 'sign-out'];
  for (const id of hide) $(id).hidden = true;
  $('login').hidden = false;
  $('token-input').focus();
}

function showSignedIn(me) {
  const name = me.name ?? (me.insecureLocal ? 'local' : 'anonymous');
  $('whoami').textContent = `${name} · ${me.role}`;
  $('whoami').hidden = false;
  $('readonly-badge').hidden = !me.readOnly;
  // no token to forget without tokens, or when the application signs its users in (and out) itself
  $('sign-out').hidden = Boolean(me.insecureLocal) || me.signIn === 'application';
  for (const [navId, capability] of NAV_NEEDS) $(navId).hidden = !serves(capability);
  $('topnav').hidden = false;
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
  clearTimeout(S.outboxTimer);
  S.listGen++;
}

function route() {
  if (!S.me) return;
  leaveView();
  clearError();
  S.viewCtrl = new AbortController();
  const q = new URLSearchParams(location.search);
  const view = viewOf(q);
  for (const [name, v] of Object.entries(VIEWS)) $(v.section).hidden = name !== view;
  markNav(VIEWS[view].nav);
  if (view === 'detail') enterDetail(q.get('saga'));
  else if (view === 'document') enterDocument(q);
  else if (view === 'documents') enterDocuments(q);
  else if (view === 'operations') enterOperations();
  else if (view === 'problems') enterProblems(q);
  else enterList(q);
}

// The view the URL names; with none, the sagas list, or on a server without sagas its first served
// view (the URL is rewritten to name it).
function viewOf(q) {
  if (q.get('saga')) return 'detail';
  if (q.get('document')) return 'document';
  const named = q.get('view');
  if (NAMED_VIEWS.includes(named)) return named;
  if (serves('sagas')) return 'list';
  const first = NAV_NEEDS.find(([, capability]) => serves(capability))?.[2] ?? 'problems';
  history.replaceState(null, '', `?${new URLSearchParams({ view: first })}`);
  return first;
}

// The top bar's link of the current view.
function markNav(current) {
  for (const a of NAV_IDS.map($)) {
    a.classList.toggle('active', a.id === current);
    if (a.id === current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

// ---------- start ----------

function init() {
  setUnauthorizedHandler(signOut);
  $('login').addEventListener('submit', onLogin);
  $('sign-out').addEventListener('click', signOut);
  $('error').addEventListener('click', () => clearError());
  bindListControls(navigate);
  bindProblemsControls(navigate);
  bindOperationsControls();
  bindDocumentsControls(navigate);
  document.addEventListener('click', onNavClick);
  window.addEventListener('popstate', route);
  boot();
}

init();
