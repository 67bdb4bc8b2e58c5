// The timeline: a histogram of event counts and a date slider over the span of the data.
// Moving the slider (or typing a date) sets the date the map and the actor graph show.
// The slider is a native range input, so it works from the keyboard (arrows, Page Up/Down).

import { el, svg, clear } from './dom.js';

const DAY = 864e5;

function toDays(iso) {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);
}

function toIso(days) {
  return new Date(days * DAY).toISOString().slice(0, 10);
}

export class Timeline {
  constructor(root, { onDate }) {
    this.root = root;
    this.onDate = onDate;
    this.min = toDays('2020-01-01');
    this.max = toDays('2025-01-01');
    this.bins = [];
    this.bucket = 'day';
    this.hist = svg('svg', { class: 'histogram', 'aria-hidden': 'true', preserveAspectRatio: 'none' });
    this.slider = el('input', {
      type: 'range', id: 'date-slider', min: 0, max: 1, step: 1, value: 1,
      'aria-label': 'Date shown on the map and graph',
    });
    this.date = el('input', { type: 'date', id: 'date-input', 'aria-label': 'Date (YYYY-MM-DD)' });
    this.info = el('span', { class: 'timeline-info', 'aria-live': 'polite' });
    this.labels = el('div', { class: 'timeline-labels' });
    let timer = null;
    this.slider.addEventListener('input', () => {
      const iso = toIso(this.min + Number(this.slider.value));
      this.date.value = iso;
      clearTimeout(timer);
      timer = setTimeout(() => this.onDate(iso), 150);
    });
    this.date.addEventListener('change', () => {
      if (/^\d{4}-\d{2}-\d{2}$/.test(this.date.value)) this.set(this.date.value, true);
    });
    root.append(
      el('div', { class: 'timeline-head' },
        el('label', { for: 'date-input' }, 'Date '), this.date, ' ', this.info),
      el('div', { class: 'timeline-track' }, this.hist, this.slider),
      this.labels,
    );
    new ResizeObserver(() => this.drawHistogram()).observe(this.hist);
  }

  /** Sets the span of the slider (ISO days). */
  setRange(first, last) {
    this.min = toDays(first);
    this.max = Math.max(this.min + 1, toDays(last));
    this.slider.max = String(this.max - this.min);
    this.date.min = first;
    this.date.max = toIso(this.max);
    clear(this.labels).append(el('span', {}, first), el('span', {}, toIso(this.max)));
    this.drawHistogram();
  }

  /** Moves the slider to `iso`; `notify` also tells the app. */
  set(iso, notify = false) {
    const d = Math.max(this.min, Math.min(this.max, toDays(iso)));
    this.slider.value = String(d - this.min);
    this.date.value = iso;
    this.drawHistogram();
    if (notify) this.onDate(iso);
  }

  setHistogram(h) {
    this.bins = h.bins;
    this.bucket = h.bucket;
    const total = h.bins.reduce((n, b) => n + b.count, 0);
    this.info.textContent = `${total} dated event${total === 1 ? '' : 's'}` +
      (h.undated ? `, ${h.undated} undated` : '') + ` (bars per ${h.bucket})`;
    this.drawHistogram();
  }

  drawHistogram() {
    const box = this.hist.getBoundingClientRect();
    const w = Math.max(100, box.width);
    const h = Math.max(20, box.height);
    this.hist.setAttribute('viewBox', `0 0 ${w} ${h}`);
    clear(this.hist);
    const span = this.max - this.min;
    const maxCount = Math.max(1, ...this.bins.map((b) => b.count));
    const widthDays = this.bucket === 'month' ? 30 : 1;
    const barW = Math.max(2, (w * widthDays) / span);
    const at = this.min + Number(this.slider.value);
    for (const b of this.bins) {
      const d = toDays(b.start);
      if (d < this.min || d > this.max) continue;
      const x = ((d - this.min) / span) * w;
      const bh = Math.max(2, (b.count / maxCount) * (h - 4));
      this.hist.append(svg('rect', {
        x: x.toFixed(1), y: (h - bh).toFixed(1), width: barW.toFixed(1), height: bh.toFixed(1),
        class: d <= at ? 'bar past' : 'bar',
      }, svg('title', {}, `${b.start}: ${b.count}`)));
    }
    const cx = ((at - this.min) / span) * w;
    this.hist.append(svg('line', { x1: cx, x2: cx, y1: 0, y2: h, class: 'now' }));
  }
}
