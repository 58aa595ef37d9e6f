// Text formatting of times and event/saga fields. Pure functions, no DOM.

const SUMMARY_KEYS = ['activityType', 'activityId', 'compensationType', 'stepId', 'signalName', 'timerId', 'fireAt', 'attempt'];

export function parseTime(v) {
  if (v == null || v === '') return null;
  const n = Number(v); // epoch seconds or millis; else ISO-8601, nanoseconds trimmed to millis
  const d = Number.isFinite(n) ? new Date(n < 1e11 ? n * 1000 : n) : new Date(String(v).replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(d.getTime()) ? null : d;
}

export function fmtTime(v) {
  const d = parseTime(v);
  if (!d) return v == null || v === '' ? '—' : String(v);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} `
    + `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

// A duration as a short age: "850 ms", "1.2 s", "3 min", "2.5 h", "4 d"; "—" when not a number.
export function fmtAge(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '—';
  const a = Math.max(0, ms);
  if (a < 1000) return `${Math.round(a)} ms`;
  if (a < 60_000) return `${(a / 1000).toFixed(1)} s`;
  if (a < 3_600_000) return `${Math.floor(a / 60_000)} min`;
  if (a < 86_400_000) return `${(a / 3_600_000).toFixed(1)} h`;
  return `${Math.floor(a / 86_400_000)} d`;
}

export function fmtValue(v) {
  return v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function summarize(obj) {
  return SUMMARY_KEYS.filter((k) => obj?.[k] != null)
    .map((k) => `${k}=${k === 'fireAt' ? fmtTime(obj[k]) : fmtValue(obj[k])}`)
    .join(', ');
}

export function describe(x) {
  if (x == null) return '—';
  if (typeof x !== 'object') return String(x);
  return summarize(x) || JSON.stringify(x);
}

export function failureText(f) {
  if (f == null) return '';
  if (typeof f !== 'object') return String(f);
  return [f.kind, f.message].filter((s) => s != null && s !== '').join(': ') || JSON.stringify(f);
}
