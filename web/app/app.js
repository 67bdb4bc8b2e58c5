// The faultline page: wires the map, the timeline, the actor graph and the evidence panel to
// one state (date, filters, map view, selection) that lives in the URL hash, so that every
// view is a permalink. All data comes from API v1 on this server.

import { api, latest, isAbort } from './api.js';
import { el, clear } from './dom.js';
import { EventMap, EVENT_TYPES } from './map.js';
import { Timeline } from './timeline.js';
import { ActorGraph, graphLegend, edgeKey } from './graph.js';
import { Panel } from './panel.js';

const MAX_MAP_EVENTS = 2000;

const state = {
  at: null, from: '', to: '', actor: '', type: '', view: null, sel: '',
};
let stats = null;
let domain = { first: '2020-01-01', last: '2025-01-01' };
let fitted = false;
let graphData = null;

function readHash() {
  const h = new URLSearchParams(location.hash.slice(1));
  state.at = h.get('at') || state.at;
  state.from = h.get('from') || '';
  state.to = h.get('to') || '';
  state.actor = h.get('actor') || '';
  state.type = h.get('type') || '';
  state.sel = h.get('sel') || '';
  const v = (h.get('view') || '').split(',').map(Number);
  state.view = v.length === 4 && v.every(Number.isFinite) ? v : null;
}

function writeHash() {
  const h = new URLSearchParams();
  for (const k of ['at', 'from', 'to', 'actor', 'type', 'sel']) if (state[k]) h.set(k, state[k]);
  if (state.view) h.set('view', state.view.map((x) => x.toFixed(2)).join(','));
  const next = `#${h.toString()}`;
  if (next !== location.hash) history.replaceState(null, '', next);
}

const $ = (id) => document.getElementById(id);

const nav = {
  openDocument: (doc, start, end) => select(`doc:${doc}:${start ?? ''}:${end ?? ''}`),
  openActor: (id) => select(`actor:${id}`),
  openEvent: (id) => select(`event:${id}`),
  filterActor: (id) => {
    state.actor = id;
    $('filter-actor').value = id;
    writeHash();
    refresh();
  },
};

const panel = new Panel($('panel'), nav);
const map = new EventMap($('map'), {
  onSelect: (e) => select(`event:${e.id}`),
  onView: (_visible, view) => {
    state.view = view;
    writeHash();
    loadEvents();
  },
});
const timeline = new Timeline($('timeline'), {
  onDate: (iso) => {
    state.at = iso;
    writeHash();
    refresh();
  },
});
const graph = new ActorGraph($('graph'), $('edge-list'), {
  onEdge: (e) => select(`edge:${edgeKey(e)}`),
  onNode: (id) => select(`actor:${id}`),
});
$('graph-wrap').append(graphLegend());

function showError(e) {
  if (isAbort(e)) return;
  console.error(e);
  panel.message(`Could not load: ${e.message}`);
}

async function select(sel) {
  state.sel = sel;
  writeHash();
  panel.takeFocus = true;
  await showSelection();
  panel.takeFocus = false;
}

async function showSelection() {
  const sel = state.sel;
  const [kind, ...rest] = sel.split(':');
  map.select(kind === 'event' ? Number(rest[0]) : null);
  graph.selectEdge(kind === 'edge' ? rest.join(':') : null);
  try {
    if (kind === 'event') {
      await panel.event(Number(rest[0]));
    } else if (kind === 'actor') {
      await panel.actor(rest.join(':'));
    } else if (kind === 'doc') {
      const [doc, s, e] = rest;
      await panel.document(doc, s === '' ? null : Number(s), e === '' ? null : Number(e));
    } else if (kind === 'search') {
      const q = rest.join(':');
      $('search').value = q;
      await panel.search(q);
    } else if (kind === 'edge') {
      const key = rest.join(':');
      const edge = graphData && graphData.edges.find((x) => edgeKey(x) === key);
      if (edge) await panel.edge(edge, state.at);
      else panel.message('That relation does not hold at this date; move the date or pick another.');
    } else {
      panel.welcome(stats);
    }
  } catch (e) {
    showError(e);
  }
}

/** The map's date window: the filter's dates, else the year up to the chosen date. */
function eventWindow() {
  const at = state.at || domain.last;
  const yearBefore = new Date(Date.parse(`${at}T00:00:00Z`) - 365 * 864e5).toISOString().slice(0, 10);
  const from = state.from || (yearBefore > domain.first ? yearBefore : domain.first);
  const to = state.to && state.to < at ? state.to : at;
  return { from: from <= to ? from : to, to };
}

async function loadEvents() {
  const { from, to } = eventWindow();
  $('map-title').textContent = `Events from ${from} to ${to}`;
  const params = {
    from, to, actor: state.actor, type: state.type, limit: MAX_MAP_EVENTS, compact: true,
  };
  // Before the first fit the map has no view of its own: ask for everything, then fit.
  if (fitted) params.bbox = map.visibleBox().map((x) => x.toFixed(4)).join(',');
  try {
    const page = await latest('events', 'events', params);
    map.setEvents(page.events, { at: state.at, more: page.next_cursor !== null });
    if (!fitted) {
      fitted = true;
      // The first view holds every event just fetched, so it needs no second fetch.
      if (state.view) map.setView(state.view, false);
      else if (page.events.some((e) => e.location)) {
        map.fitEvents(false);
        state.view = map.view;
        writeHash();
      }
    }
    map.select(state.sel.startsWith('event:') ? Number(state.sel.slice(6)) : null);
  } catch (e) {
    showError(e);
  }
}

async function loadGraph() {
  try {
    // Edges alone: an edge's evidence is fetched when it is opened (panel.js), and reading a
    // sentence for each of thousands of edges made the graph slow on a large store.
    graphData = await latest('graph', 'graph', { at: state.at, evidence: 0 });
    $('graph-date').textContent = graphData.at;
    graph.set(graphData, state.actor);
    if (state.sel.startsWith('edge:')) showSelection();
  } catch (e) {
    showError(e);
  }
}

async function loadHistogram() {
  try {
    const h = await latest('histogram', 'events/histogram', {
      from: state.from, to: state.to, actor: state.actor, type: state.type,
    });
    timeline.setHistogram(h);
  } catch (e) {
    showError(e);
  }
}

/** Reloads what the date and filters show; the histogram depends on the filters only. */
let histogramFor = null;
function refresh() {
  timeline.set(state.at);
  const filters = JSON.stringify([state.from, state.to, state.actor, state.type]);
  const loads = [loadEvents(), loadGraph()];
  if (filters !== histogramFor) {
    histogramFor = filters;
    loads.push(loadHistogram());
  }
  return Promise.all(loads);
}

function buildFilters(actors) {
  const actorSel = $('filter-actor');
  clear(actorSel).append(el('option', { value: '' }, 'All actors'),
    actors.map((a) => el('option', { value: a.id }, `${a.name} (${a.mentions})`)));
  actorSel.value = state.actor;
  const typeSel = $('filter-type');
  clear(typeSel).append(el('option', { value: '' }, 'All event types'),
    EVENT_TYPES.map((t) => el('option', { value: t.name }, t.name)));
  typeSel.value = state.type;
  $('filter-from').value = state.from;
  $('filter-to').value = state.to;
  $('filters').addEventListener('change', () => {
    state.actor = actorSel.value;
    state.type = typeSel.value;
    state.from = $('filter-from').value;
    state.to = $('filter-to').value;
    writeHash();
    refresh();
  });
  $('filters-reset').addEventListener('click', () => {
    actorSel.value = '';
    typeSel.value = '';
    $('filter-from').value = '';
    $('filter-to').value = '';
    $('filters').dispatchEvent(new Event('change'));
  });
}

function wireSearch() {
  $('search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = $('search').value.trim();
    if (q) select(`search:${q}`);
  });
  document.addEventListener('keydown', (ev) => {
    const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement?.tagName || '');
    if (ev.key === '/' && !typing) {
      ev.preventDefault();
      $('search').focus();
    } else if (ev.key === 'Escape' && state.sel) {
      select('');
    }
  });
}

async function start() {
  readHash();
  wireSearch();
  // The country shapes are the biggest download: fetch them while the rest loads.
  const countries = map.loadCountries().catch(showError);
  try {
    const [s, actors] = await Promise.all([api('stats'), api('actors')]);
    stats = s;
    const firsts = [s.first_event, s.first_relation].filter(Boolean).sort();
    const lasts = [s.last_event, s.last_relation].filter(Boolean).sort();
    if (firsts.length) {
      // A month past the last evidence, so that "now" and the days just after are reachable.
      const end = new Date(Date.parse(`${lasts[lasts.length - 1]}T00:00:00Z`) + 31 * 864e5);
      domain = { first: firsts[0], last: end.toISOString().slice(0, 10) };
    }
    buildFilters(actors.actors);
  } catch (e) {
    showError(e);
  }
  if (!state.at) state.at = domain.last;
  timeline.setRange(domain.first, domain.last);
  writeHash();
  // Events, graph and timeline load while the shapes are still on their way; the map draws
  // the events as soon as it has both.
  await Promise.all([countries, refresh()]);
  await showSelection();
  window.addEventListener('hashchange', async () => {
    const before = JSON.stringify(state);
    readHash();
    if (JSON.stringify(state) === before) return;
    if (state.view) map.setView(state.view, false);
    await refresh();
    await showSelection();
  });
  document.body.dataset.ready = 'true';
}

start();
