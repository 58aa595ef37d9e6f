// DOM helpers and the error banner. Never uses innerHTML: all data goes through textContent.

import { fmtTime } from './format.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

export const $ = (id) => document.getElementById(id);

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

export const el = (tag, props = {}, ...kids) => build(document.createElement(tag), props, kids);
export const svgEl = (tag, props = {}, ...kids) => build(document.createElementNS(SVG_NS, tag), props, kids);

export function stateBadge(state, id) {
  const cls = String(state ?? '').toLowerCase().replace(/[^a-z_-]/g, '');
  return el('span', { class: `state state-${cls}`, id, text: state ?? '?' });
}

export function timeCell(v) {
  return el('td', { class: 'time', title: v, text: fmtTime(v) });
}

// ---------- errors ----------

let errorSource = null; // which part of the page put the current message up
let onUnauthorized = (err) => showError(err); // app.js installs sign-out here

export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

export function showError(err, source = 'app') {
  if (err?.name === 'AbortError') return;
  const title = err?.title || (err instanceof TypeError ? 'Network error' : 'Error');
  const detail = err?.detail ?? err?.message ?? '';
  const box = $('error');
  box.textContent = detail ? `${title}: ${detail}` : title;
  box.hidden = false;
  errorSource = source;
}

export function clearError(source) {
  if (source && errorSource !== source) return;
  $('error').hidden = true;
  $('error').textContent = '';
  errorSource = null;
}

// A failed request of a view: a 401 ends the session, anything else goes to the banner.
export function fail(err, source) {
  if (err?.name === 'AbortError') return;
  if (err?.status === 401) onUnauthorized(err);
  else showError(err, source);
}

// A bulk action's first errors as the tooltip of its status line (none: no tooltip).
export function errorsTitle(node, errors) {
  if (errors?.length) node.setAttribute('title', errors.join('\n'));
  else node.removeAttribute('title');
}
