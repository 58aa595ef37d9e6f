// Saga history: the timeline SVG (one lane per event category) and the events table.

import { $, el, svgEl, timeCell } from './dom.js';
import { parseTime, fmtTime, summarize } from './format.js';

const LANES = ['workflow', 'activity', 'timer', 'signal', 'other'];

function categoryOf(ev) {
  for (const src of [ev.type, ev.category]) {
    const s = String(src ?? '').toLowerCase();
    const hit = ['activity', 'timer', 'signal'].find((c) => s.includes(c));
    if (hit) return hit;
    if (/workflow|saga/.test(s)) return 'workflow';
  }
  return 'other';
}

export function renderHistory(h) {
  if (h.rendered === h.events.length) return;
  renderTimeline(h.events);
  $('events').tBodies[0].append(...h.events.slice(h.rendered).map(eventRow));
  h.rendered = h.events.length;
}

function eventRow(ev) {
  const retry = ev.retry ? ` · retry${typeof ev.retry === 'number' ? ` ${ev.retry}` : ''}` : '';
  return el('tr', { class: 'event-row', 'data-type': ev.type, 'data-event-id': ev.eventId },
    el('td', { class: 'num', text: ev.eventId }),
    el('td', {}, el('span', { class: `cat-dot cat-${categoryOf(ev)}` }), ev.type ?? '?'),
    timeCell(ev.timestamp),
    el('td', { class: 'summary', title: JSON.stringify(ev.attributes ?? {}), text: summarize(ev.attributes) + retry }));
}

const TL = { width: 1000, left: 80, right: 12, top: 6, lane: 20, axis: 22 };

function renderTimeline(events) {
  const times = events.map((e) => parseTime(e.timestamp)?.getTime() ?? NaN);
  const valid = times.filter(Number.isFinite);
  const t0 = valid.reduce((a, b) => Math.min(a, b), Infinity);
  const t1 = valid.reduce((a, b) => Math.max(a, b), -Infinity);
  const plot = TL.width - TL.left - TL.right;
  const xOf = (t) => TL.left + (t1 > t0 ? ((t - t0) / (t1 - t0)) * plot : 0);
  const height = TL.top + LANES.length * TL.lane + TL.axis;
  const svg = svgEl('svg', { class: 'timeline-svg', viewBox: `0 0 ${TL.width} ${height}`, role: 'img', 'aria-label': 'Event timeline' });
  LANES.forEach((lane, i) => svg.append(...laneParts(lane, TL.top + i * TL.lane)));
  events.forEach((ev, i) => {
    const cat = categoryOf(ev);
    const x = xOf(Number.isFinite(times[i]) ? times[i] : t0);
    svg.append(svgEl('rect', {
      class: `mark cat-${cat}`, x: (x - 1.5).toFixed(1), y: TL.top + LANES.indexOf(cat) * TL.lane + 3,
      width: 3, height: TL.lane - 6, 'data-event-id': ev.eventId,
    }, svgEl('title', { text: `#${ev.eventId} ${ev.type} ${fmtTime(ev.timestamp)}` })));
  });
  const axisY = height - 6;
  svg.append(
    svgEl('text', { class: 'axis-label', x: TL.left, y: axisY, text: fmtTime(valid.length ? t0 : null) }),
    svgEl('text', { class: 'axis-label axis-end', x: TL.width - TL.right, y: axisY, text: fmtTime(valid.length ? t1 : null) }));
  $('timeline').replaceChildren(svg);
}

function laneParts(lane, y) {
  const mid = y + TL.lane / 2;
  return [
    svgEl('line', { class: 'lane-line', x1: TL.left, x2: TL.width - TL.right, y1: mid, y2: mid }),
    svgEl('text', { class: 'lane-label', x: TL.left - 8, y: mid + 4, text: lane }),
  ];
}
