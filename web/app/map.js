// The event map: Natural Earth country shapes drawn with d3-geo (no tile server is reachable
// or wanted), events as symbols whose shape and colour both name the event type (readable
// without colour), sized by fatalities, grouped into numbered clusters where they crowd.
// The map asks the server only for events inside its visible box and date window.

import { el, svg, clear, shortName } from './dom.js';

const d3 = window.d3;
const topojson = window.topojson;

/** ACLED event types: colour (Okabe–Ito, colour-blind safe) and a distinct shape each. */
export const EVENT_TYPES = [
  { name: 'Battles', color: '#D55E00', shape: 'circle' },
  { name: 'Explosions/Remote violence', color: '#E69F00', shape: 'triangle' },
  { name: 'Violence against civilians', color: '#CC79A7', shape: 'diamond' },
  { name: 'Protests', color: '#0072B2', shape: 'square' },
  { name: 'Riots', color: '#009E73', shape: 'cross' },
  { name: 'Strategic developments', color: '#56B4E9', shape: 'hexagon' },
];

const TYPE = Object.fromEntries(EVENT_TYPES.map((t) => [t.name, t]));

/** An SVG path for a symbol of radius r centred on 0,0. */
export function symbolPath(shape, r) {
  switch (shape) {
    case 'triangle':
      return `M0,${-r * 1.2}L${r * 1.1},${r * 0.8}L${-r * 1.1},${r * 0.8}Z`;
    case 'diamond':
      return `M0,${-r * 1.25}L${r},0L0,${r * 1.25}L${-r},0Z`;
    case 'square':
      return `M${-r * 0.9},${-r * 0.9}h${r * 1.8}v${r * 1.8}h${-r * 1.8}Z`;
    case 'cross': {
      const a = r * 0.38;
      return `M${-a},${-r}h${2 * a}v${r - a}h${r - a}v${2 * a}h${a - r}v${r - a}h${-2 * a}v${a - r}h${a - r}v${-2 * a}h${r - a}Z`;
    }
    case 'hexagon': {
      const pts = [];
      for (let i = 0; i < 6; i++) {
        const t = (Math.PI / 3) * i + Math.PI / 6;
        pts.push(`${(r * Math.cos(t)).toFixed(2)},${(r * Math.sin(t)).toFixed(2)}`);
      }
      return `M${pts.join('L')}Z`;
    }
    default:
      return `M${r},0A${r},${r} 0 1,1 ${-r},0A${r},${r} 0 1,1 ${r},0Z`;
  }
}

export function radiusFor(fatalities) {
  if (fatalities === null || fatalities === undefined) return 5;
  return Math.min(22, 5 + 2.2 * Math.sqrt(fatalities));
}

/** Groups screen points into cells; small groups are fanned out, big ones become clusters. */
export function cluster(points, cell = 30, fanMax = 6) {
  const cells = new Map();
  for (const p of points) {
    const key = `${Math.floor(p.x / cell)}:${Math.floor(p.y / cell)}`;
    if (!cells.has(key)) cells.set(key, []);
    cells.get(key).push(p);
  }
  const singles = [];
  const clusters = [];
  for (const group of cells.values()) {
    const cx = group.reduce((s, p) => s + p.x, 0) / group.length;
    const cy = group.reduce((s, p) => s + p.y, 0) / group.length;
    if (group.length === 1) {
      singles.push(group[0]);
    } else if (group.length <= fanMax) {
      // Fan out on a ring so that every event stays visible and clickable.
      const ring = 10 + group.length * 3;
      group.forEach((p, i) => {
        const t = (2 * Math.PI * i) / group.length - Math.PI / 2;
        singles.push({ ...p, x: cx + ring * Math.cos(t), y: cy + ring * Math.sin(t), fanned: { cx, cy } });
      });
    } else {
      clusters.push({ x: cx, y: cy, items: group });
    }
  }
  return { singles, clusters };
}

export class EventMap {
  constructor(root, { onSelect, onView }) {
    this.root = root;
    this.onSelect = onSelect;
    this.onView = onView;
    this.events = [];
    this.selected = null;
    this.at = null;
    this.countries = null;
    this.width = 600;
    this.height = 400;
    this.view = null; // [minLon, minLat, maxLon, maxLat]
    this.svg = svg('svg', { class: 'map-svg', role: 'group', 'aria-label': 'Map of events' });
    this.base = svg('g', { class: 'countries' });
    this.marks = svg('g', { class: 'marks' });
    this.svg.append(this.base, this.marks);
    this.status = el('div', { class: 'map-status', 'aria-live': 'polite' });
    const zoomIn = el('button', { type: 'button', title: 'Zoom in', 'aria-label': 'Zoom in', onclick: () => this.zoom(1.6) }, '+');
    const zoomOut = el('button', { type: 'button', title: 'Zoom out', 'aria-label': 'Zoom out', onclick: () => this.zoom(1 / 1.6) }, '−');
    const fit = el('button', { type: 'button', title: 'Fit to the events shown', onclick: () => this.fitEvents() }, 'Fit');
    this.controls = el('div', { class: 'map-controls' }, zoomIn, zoomOut, fit);
    this.legend = this.buildLegend();
    root.append(this.svg, this.controls, this.status, this.legend);
    this.installPanZoom();
    new ResizeObserver(() => this.resize()).observe(root);
  }

  buildLegend() {
    const items = EVENT_TYPES.map((t) =>
      el('li', {},
        svgSymbol(t, 6),
        ' ', t.name),
    );
    const sizes = el('li', { class: 'legend-sizes' },
      svg('svg', { width: 60, height: 26, 'aria-hidden': 'true' },
        svg('circle', { cx: 8, cy: 13, r: radiusFor(0), class: 'legend-size' }),
        svg('circle', { cx: 32, cy: 13, r: radiusFor(10), class: 'legend-size' })),
      ' 0 / 10 deaths');
    const clusterItem = el('li', {}, svg('svg', { width: 20, height: 20, 'aria-hidden': 'true' },
      svg('circle', { cx: 10, cy: 10, r: 9, class: 'cluster' }),
      svg('text', { x: 10, y: 14, class: 'cluster-count', 'text-anchor': 'middle' }, 'n')), ' cluster of n events');
    // Open where there is room; on a short screen it starts folded (one click away).
    return el('details', { class: 'legend map-legend', open: window.innerHeight >= 800 },
      el('summary', {}, 'Map legend'),
      el('ul', {}, items, sizes, clusterItem,
        el('li', { class: 'muted' }, 'Faded: more than 30 days before the chosen date')));
  }

  async loadCountries() {
    const topo = await fetch('vendor/countries-50m.json').then((r) => r.json());
    this.countries = topojson.feature(topo, topo.objects.countries).features;
    // Bounds once, so that a redraw projects only the countries in view.
    for (const f of this.countries) f.bounds = d3.geoBounds(f);
    this.borders = topojson.mesh(topo, topo.objects.countries, (a, b) => a !== b);
    this.render();
  }

  projection() {
    const [x0, y0, x1, y1] = this.view || [-18, 4, 25, 26];
    const box = {
      type: 'Feature',
      geometry: { type: 'MultiPoint', coordinates: [[x0, y0], [x1, y1]] },
    };
    return d3.geoMercator().fitExtent([[10, 10], [this.width - 10, this.height - 10]], box);
  }

  /** The lon/lat box currently visible (the projection keeps aspect, so this can exceed view). */
  visibleBox() {
    const p = this.projection();
    const [w, n] = p.invert([0, 0]);
    const [e, s] = p.invert([this.width, this.height]);
    const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
    return [clamp(w, -180, 180), clamp(s, -85, 85), clamp(e, -180, 180), clamp(n, -85, 85)];
  }

  setView(box, notify = true) {
    const [x0, y0, x1, y1] = box;
    if (![x0, y0, x1, y1].every(Number.isFinite) || x1 - x0 < 0.05 || y1 - y0 < 0.05) return;
    this.view = [Math.max(-180, x0), Math.max(-85, y0), Math.min(180, x1), Math.min(85, y1)];
    this.render();
    if (notify) this.onView(this.visibleBox(), this.view);
  }

  zoom(factor, centre) {
    const p = this.projection();
    const [cx, cy] = centre || [this.width / 2, this.height / 2];
    const box = this.visibleBox();
    const [clon, clat] = p.invert([cx, cy]);
    const w = (box[2] - box[0]) / factor;
    const h = (box[3] - box[1]) / factor;
    const fx = cx / this.width;
    const fy = cy / this.height;
    this.setView([clon - w * fx, clat - h * (1 - fy), clon + w * (1 - fx), clat + h * fy]);
  }

  fitEvents(notify = true) {
    const pts = this.events.filter((e) => e.location).map((e) => [e.location.lon, e.location.lat]);
    if (!pts.length) return;
    const lons = pts.map((p) => p[0]);
    const lats = pts.map((p) => p[1]);
    // Keep some surroundings in view: a lone event still shows its country and neighbours.
    const minW = 14;
    const minH = 9;
    let [x0, x1] = [Math.min(...lons), Math.max(...lons)];
    let [y0, y1] = [Math.min(...lats), Math.max(...lats)];
    const padX = Math.max(1.5, (minW - (x1 - x0)) / 2);
    const padY = Math.max(1.5, (minH - (y1 - y0)) / 2);
    [x0, x1, y0, y1] = [x0 - padX, x1 + padX, y0 - padY, y1 + padY];
    this.setView([x0, y0, x1, y1], notify);
  }

  installPanZoom() {
    let drag = null;
    this.svg.addEventListener('pointerdown', (ev) => {
      if (ev.button !== 0 || ev.target.closest('.mark, .cluster-g')) return;
      drag = { x: ev.clientX, y: ev.clientY, dx: 0, dy: 0 };
      this.svg.setPointerCapture(ev.pointerId);
    });
    this.svg.addEventListener('pointermove', (ev) => {
      if (!drag) return;
      drag.dx = ev.clientX - drag.x;
      drag.dy = ev.clientY - drag.y;
      const t = `translate(${drag.dx},${drag.dy})`;
      this.base.setAttribute('transform', t);
      this.marks.setAttribute('transform', t);
    });
    const end = () => {
      if (!drag) return;
      const { dx, dy } = drag;
      drag = null;
      this.base.removeAttribute('transform');
      this.marks.removeAttribute('transform');
      if (Math.abs(dx) + Math.abs(dy) < 3) return;
      const p = this.projection();
      const [a, b] = [p.invert([-dx, this.height - dy]), p.invert([this.width - dx, -dy])];
      this.setView([a[0], a[1], b[0], b[1]]);
    };
    this.svg.addEventListener('pointerup', end);
    this.svg.addEventListener('pointercancel', end);
    let wheelTimer = null;
    let pending = 1;
    let at = null;
    this.svg.addEventListener('wheel', (ev) => {
      ev.preventDefault();
      pending *= ev.deltaY < 0 ? 1.25 : 0.8;
      const r = this.svg.getBoundingClientRect();
      at = [ev.clientX - r.left, ev.clientY - r.top];
      clearTimeout(wheelTimer);
      wheelTimer = setTimeout(() => {
        const f = pending;
        pending = 1;
        this.zoom(f, at);
      }, 120);
    }, { passive: false });
  }

  resize() {
    const r = this.root.getBoundingClientRect();
    if (r.width < 10 || r.height < 10) return;
    this.width = r.width;
    this.height = r.height;
    this.svg.setAttribute('viewBox', `0 0 ${this.width} ${this.height}`);
    this.render();
  }

  setEvents(events, { at, more }) {
    this.events = events;
    this.at = at;
    this.more = more;
    this.renderMarks();
  }

  select(id) {
    this.selected = id;
    for (const node of this.marks.querySelectorAll('.mark')) {
      node.classList.toggle('selected', node.dataset.eventId === String(id));
    }
  }

  render() {
    if (!this.countries) return;
    const path = d3.geoPath(this.projection());
    clear(this.base);
    this.base.append(svg('rect', { class: 'sea', x: 0, y: 0, width: this.width, height: this.height }));
    const [vx0, vy0, vx1, vy1] = this.visibleBox();
    const inView = (f) => {
      const [[x0, y0], [x1, y1]] = f.bounds;
      // A shape across the antimeridian has x0 > x1: always draw it.
      return x0 > x1 || (x1 >= vx0 && x0 <= vx1 && y1 >= vy0 && y0 <= vy1);
    };
    for (const f of this.countries) {
      if (!inView(f)) continue;
      const d = path(f);
      if (d) this.base.append(svg('path', { class: 'country', d }, svg('title', {}, f.properties.name)));
    }
    const borders = path(this.borders);
    if (borders) this.base.append(svg('path', { class: 'border', d: borders }));
    // Country names where there is room for them, to keep the reader oriented.
    for (const f of this.countries) {
      if (!inView(f)) continue;
      const [[bx0, by0], [bx1, by1]] = path.bounds(f);
      if (!Number.isFinite(bx0) || bx1 - bx0 < 60 || by1 - by0 < 30) continue;
      const [cx, cy] = path.centroid(f);
      if (!(cx > 10 && cy > 10 && cx < this.width - 10 && cy < this.height - 10)) continue;
      this.base.append(svg('text', { class: 'country-name', x: cx.toFixed(1), y: cy.toFixed(1), 'text-anchor': 'middle' }, f.properties.name));
    }
    this.renderMarks();
  }

  renderMarks() {
    clear(this.marks);
    if (!this.countries) return;
    const p = this.projection();
    const atTime = this.at ? Date.parse(this.at) : null;
    const points = [];
    for (const e of this.events) {
      if (!e.location) continue;
      const xy = p([e.location.lon, e.location.lat]);
      if (!xy || xy[0] < -20 || xy[1] < -20 || xy[0] > this.width + 20 || xy[1] > this.height + 20) continue;
      points.push({ x: xy[0], y: xy[1], e });
    }
    // Fan small groups out only while the map is sparse; a dense map reads better as counts.
    const { singles, clusters } = cluster(points, 44, points.length <= 150 ? 6 : 1);
    for (const c of clusters) {
      const r = Math.min(24, 10 + Math.sqrt(c.items.length) * 2);
      const label = `${c.items.length} events here; press to zoom in`;
      const g = svg('g', {
        class: 'cluster-g', transform: `translate(${c.x},${c.y})`, tabindex: 0, role: 'button', 'aria-label': label,
        onclick: () => this.zoom(3, [c.x, c.y]),
        onkeydown: (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); this.zoom(3, [c.x, c.y]); } },
      },
      svg('circle', { r, class: 'cluster' }),
      svg('text', { class: 'cluster-count', 'text-anchor': 'middle', y: 4 }, String(c.items.length)),
      svg('title', {}, label));
      this.marks.append(g);
    }
    for (const s of singles) {
      if (s.fanned) {
        this.marks.append(svg('line', { class: 'fan', x1: s.fanned.cx, y1: s.fanned.cy, x2: s.x, y2: s.y }));
      }
    }
    // Larger symbols first so that small ones stay clickable on top.
    singles.sort((a, b) => radiusFor(b.e.fatalities) - radiusFor(a.e.fatalities));
    for (const s of singles) {
      const e = s.e;
      const t = TYPE[e.event_type] || { color: '#777', shape: 'circle' };
      const r = radiusFor(e.fatalities);
      const start = e.date_start ? Date.parse(e.date_start) : null;
      const old = atTime && start && atTime - start > 30 * 864e5;
      const label = describe(e);
      const g = svg('g', {
        class: `mark${old ? ' old' : ''}${this.selected === e.id ? ' selected' : ''}`,
        transform: `translate(${s.x.toFixed(1)},${s.y.toFixed(1)})`,
        tabindex: 0,
        role: 'button',
        'aria-label': label,
        'data-event-id': e.id,
        'data-place': e.location.name,
        'data-sub-event-type': e.sub_event_type,
        onclick: () => this.onSelect(e),
        onkeydown: (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); this.onSelect(e); } },
      },
      svg('path', { d: symbolPath(t.shape, r), fill: t.color, class: e.fatalities_estimated ? 'estimated' : '' }),
      svg('title', {}, label));
      this.marks.append(g);
    }
    const shown = singles.length + clusters.reduce((n, c) => n + c.items.length, 0);
    const undated = this.events.filter((e) => !e.location).length;
    this.status.textContent = `${shown} event${shown === 1 ? '' : 's'} on the map` +
      (undated ? `, ${undated} without a place` : '') +
      (this.more ? ' — more match: zoom in or narrow the dates' : '');
  }
}

function svgSymbol(t, r) {
  return svg('svg', { width: 2 * r + 6, height: 2 * r + 6, 'aria-hidden': 'true', class: 'symbol' },
    svg('path', { d: symbolPath(t.shape, r), fill: t.color, transform: `translate(${r + 3},${r + 3})` }));
}

export function describe(e) {
  const who = [e.actor1, e.actor2].filter(Boolean).map((a) => shortName(a.name)).join(' vs ');
  const deaths = e.fatalities === null || e.fatalities === undefined ? 'fatalities unknown'
    : `${e.fatalities}${e.fatalities_estimated ? ' (estimated)' : ''} fatalities`;
  return `${e.sub_event_type}${e.location ? `, ${e.location.name}` : ''}, ${e.date || 'undated'}` +
    `${who ? `: ${who}` : ''}; ${deaths}; ${e.source_count} source${e.source_count === 1 ? '' : 's'}`;
}
