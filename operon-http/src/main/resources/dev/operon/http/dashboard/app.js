// Operon dashboard entry: sign-in, routing between the list, detail and problems views by URL query.
// Plain DOM, no frameworks. Never uses innerHTML: all data goes through textContent.

import { $, showError, clearError, setUnauthorizedHandler } from '/dashboard/dom.js';
import { api, TOKEN_KEY } from '/dashboard/api.js';
import { S } from '/dashboard/state.js';
import { enterList, stopStream, bindListControls } from '/dashboard/list.js';
import { enterDetail } from '/dashboard/saga.js';
import { enterProblems, bindProblemsControls } from '/dashboard/problems.js';

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
  for (const id of ['list-view', 'detail-view', 'problems-view', 'topnav', 'whoami', 'readonly-badge', 'sign-out']) $(id).hidden = true;
  $('login').hidden = false;
  $('token-input').focus();
}

function showSignedIn(me) {
  const name = me.name ?? (me.insecureLocal ? 'local' : 'anonymous');
  $('whoami').textContent = `${name} · ${me.role}`;
  $('whoami').hidden = false;
  $('readonly-badge').hidden = !me.readOnly;
  $('sign-out').hidden = Boolean(me.insecureLocal);
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
  S.listGen++;
}

function route() {
  if (!S.me) return;
  leaveView();
  clearError();
  S.viewCtrl = new AbortController();
  const q = new URLSearchParams(location.search);
  const id = q.get('saga');
  const view = id ? 'detail' : q.get('view') === 'problems' ? 'problems' : 'list';
  $('list-view').hidden = view !== 'list';
  $('detail-view').hidden = view !== 'detail';
  $('problems-view').hidden = view !== 'problems';
  markNav(view === 'problems' ? 'nav-problems' : 'nav-sagas');
  if (view === 'detail') enterDetail(id);
  else if (view === 'problems') enterProblems(q);
  else enterList(q);
}

// The top bar's link of the current view (a saga's page belongs to Sagas).
function markNav(current) {
  for (const a of [$('nav-sagas'), $('nav-problems')]) {
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
  document.addEventListener('click', onNavClick);
  window.addEventListener('popstate', route);
  boot();
}

init();
