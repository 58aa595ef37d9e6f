// Talking to the Operon API: bearer token from sessionStorage, problem+json errors, SSE over fetch.

export const TOKEN_KEY = 'operonToken';

// Where the dashboard and the API are mounted: '' at the server's root, the application's path
// (say /app/operon) when they run inside an application's own servlet container.
export const BASE = document.querySelector('meta[name="operon-base"]')?.getAttribute('content') ?? '';

// Inside an application that keeps a session in a cookie, its CSRF token (the XSRF-TOKEN cookie,
// Spring Security's convention) goes with every change; a bearer token needs none.
function xsrfToken() {
  const m = document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]*)/);
  return m ? decodeURIComponent(m[1]) : null;
}

function apiError(status, p) {
  const title = p.title || `HTTP ${status}`;
  return Object.assign(new Error(p.detail || title), { ...p, status, title, detail: p.detail ?? '' });
}

export async function api(path, { method = 'GET', body, signal, stream = false } = {}) {
  const headers = { Accept: stream ? 'text/event-stream' : 'application/json' };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const xsrf = method === 'GET' ? null : xsrfToken();
  if (xsrf) headers['X-XSRF-TOKEN'] = xsrf;
  const res = await fetch(BASE + path, { method, headers, body, signal, cache: 'no-store' });
  if (!res.ok) {
    let problem = {};
    try { problem = JSON.parse(await res.text()); } catch { /* not JSON */ }
    throw apiError(res.status, { detail: res.statusText, ...problem });
  }
  if (stream) return res;
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

export const sagaPath = (id, suffix = '') => `/api/sagas/${encodeURIComponent(id)}${suffix}`;

export function sleep(ms, signal) {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });
}

// Minimal SSE parser over a fetch body: calls onEvent(name, data) per dispatched block.
export async function readSse(body, onEvent) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  let ev = { name: 'message', data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += decoder.decode(value, { stream: true });
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).replace(/\r$/, '');
      buf = buf.slice(nl + 1);
      if (line === '') {
        if (ev.data.length) onEvent(ev.name, ev.data.join('\n'));
        ev = { name: 'message', data: [] };
      } else if (!line.startsWith(':')) {
        const i = line.indexOf(':');
        const field = i < 0 ? line : line.slice(0, i);
        const val = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
        if (field === 'event') ev.name = val;
        else if (field === 'data') ev.data.push(val);
      }
    }
  }
}

const BULK_POLL_MS = 500;

// Follows bulk action `bulkId` (a saga bulk cancel, an outbox re-queue): onProgress(p) with each look
// at its progress until it is DONE or `signal` aborts. A passing failure goes to onFailure and the
// polling goes on; a 401, 403 or 404 ends it (thrown).
export async function followBulk(bulkId, signal, onProgress, onFailure) {
  while (!signal.aborted) {
    let p;
    try {
      p = await api(`/api/bulk/${encodeURIComponent(bulkId)}`, { signal });
    } catch (e) {
      if (signal.aborted || [401, 403, 404].includes(e.status)) throw e;
      onFailure(e);
      await sleep(BULK_POLL_MS, signal);
      continue;
    }
    onProgress(p);
    if (p.state === 'DONE') return;
    await sleep(BULK_POLL_MS, signal);
  }
}
