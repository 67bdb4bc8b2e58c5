// The actor graph at the chosen date (Cytoscape.js): node shape and colour by actor kind,
// edge colour and label by predicate, dashed for intended and dotted for speculative
// relations, a bar end and a "✕" for denied or ended ones; coalition members are drawn
// inside their coalition. Beside the canvas, the same relations as a keyboard-usable list.

import cytoscape from './vendor/cytoscape.esm.min.mjs';
import { el, clear, shortName } from './dom.js';

// fCoSE (loaded as a classic script) places coalition boxes and their members well.
if (window.cytoscapeFcose) cytoscape.use(window.cytoscapeFcose);

export const KINDS = {
  state_force: { label: 'State forces', shape: 'rectangle', color: '#4e79a7' },
  police: { label: 'Police', shape: 'rectangle', color: '#76a5d8' },
  government: { label: 'Government', shape: 'barrel', color: '#2f4b7c' },
  rebel_group: { label: 'Rebel group', shape: 'round-rectangle', color: '#f28e2b' },
  jihadist_group: { label: 'Jihadist group', shape: 'diamond', color: '#444444' },
  militia: { label: 'Militia', shape: 'hexagon', color: '#9c755f' },
  ethnic_militia: { label: 'Ethnic militia', shape: 'hexagon', color: '#b07aa1' },
  foreign_force: { label: 'Foreign forces', shape: 'triangle', color: '#59a14f' },
  private_military: { label: 'Private military', shape: 'vee', color: '#8cd17d' },
  igo: { label: 'International org.', shape: 'octagon', color: '#17becf' },
  political: { label: 'Political', shape: 'tag', color: '#bab0ac' },
  civilians: { label: 'Civilians', shape: 'ellipse', color: '#ffffff' },
  person: { label: 'Person', shape: 'ellipse', color: '#e0e0e0' },
  unidentified: { label: 'Unidentified', shape: 'ellipse', color: '#cccccc' },
  candidate: { label: 'Learned from text', shape: 'ellipse', color: '#dddddd' },
};

export const PREDICATES = {
  hostile_to: { label: 'hostile', color: '#c62828' },
  rival_of: { label: 'rival', color: '#ef6c00' },
  allied_with: { label: 'allied', color: '#2e7d32' },
  supports: { label: 'supports', color: '#00897b' },
  non_aggression_pact: { label: 'non-aggression pact', color: '#1565c0' },
  negotiating_with: { label: 'negotiating', color: '#6a1b9a' },
  member_of: { label: 'member of', color: '#616161' },
  affiliated_with: { label: 'affiliated with', color: '#827717' },
  split_from: { label: 'split from', color: '#6d4c41' },
  successor_of: { label: 'successor of', color: '#455a64' },
  leader_of: { label: 'leader of', color: '#37474f' },
  founder_of: { label: 'founder of', color: '#37474f' },
  spokesperson_of: { label: 'spokesperson of', color: '#37474f' },
};

const NEGATIVE = new Set(['ended', 'denied']);

export function edgeLabel(e) {
  const p = PREDICATES[e.predicate] ? PREDICATES[e.predicate].label : e.predicate;
  const mark = NEGATIVE.has(e.status) ? '✕ ' : '';
  return e.status === 'established' ? p : `${mark}${p} (${e.status})`;
}

export function edgeKey(e) {
  return `${e.source.id}|${e.predicate}|${e.target.id}`;
}

export class ActorGraph {
  constructor(root, list, { onEdge, onNode }) {
    this.root = root;
    this.list = list;
    this.onEdge = onEdge;
    this.onNode = onNode;
    this.data = null;
    this.cy = cytoscape({
      container: root,
      wheelSensitivity: 0.3,
      minZoom: 0.2,
      maxZoom: 3,
      style: this.style(),
    });
    this.cy.on('tap', 'edge', (ev) => this.onEdge(ev.target.data('edge')));
    this.cy.on('tap', 'node', (ev) => this.onNode(ev.target.id()));
  }

  style() {
    const nodeStyles = Object.entries(KINDS).map(([kind, k]) => ({
      selector: `node[kind = "${kind}"]`,
      style: { shape: k.shape, 'background-color': k.color },
    }));
    const edgeStyles = Object.entries(PREDICATES).map(([p, v]) => ({
      selector: `edge[predicate = "${p}"]`,
      style: { 'line-color': v.color, 'target-arrow-color': v.color, 'source-arrow-color': v.color, color: v.color },
    }));
    return [
      {
        selector: 'node',
        style: {
          label: 'data(label)', 'font-size': 12, 'text-valign': 'bottom', 'text-margin-y': 3,
          width: 22, height: 22, 'background-color': '#bbb', 'border-width': 1, 'border-color': '#333',
          'text-wrap': 'wrap', 'text-max-width': 110, 'text-background-color': '#fff',
          'text-background-opacity': 0.8, 'text-background-padding': 1,
        },
      },
      ...nodeStyles,
      {
        selector: ':parent',
        style: {
          shape: 'round-rectangle', 'background-color': '#fff4e6', 'background-opacity': 0.6,
          'border-style': 'dashed', 'border-color': '#c77c11', 'border-width': 2,
          'text-valign': 'top', 'text-margin-y': -3, 'font-weight': 'bold', padding: 14,
        },
      },
      {
        selector: 'edge',
        style: {
          width: 2.5, 'curve-style': 'bezier', label: 'data(label)', 'font-size': 11,
          'text-rotation': 'autorotate', 'text-background-color': '#fff', 'text-background-opacity': 0.85,
          'text-background-padding': 1, 'target-arrow-shape': 'none',
        },
      },
      ...edgeStyles,
      { selector: 'edge[?directed]', style: { 'target-arrow-shape': 'triangle' } },
      { selector: 'edge[status = "intended"]', style: { 'line-style': 'dashed', 'line-dash-pattern': [8, 4] } },
      { selector: 'edge[status = "speculative"]', style: { 'line-style': 'dotted' } },
      {
        selector: 'edge[status = "ended"], edge[status = "denied"]',
        style: { 'target-arrow-shape': 'tee', 'source-arrow-shape': 'tee', opacity: 0.65, width: 1.5 },
      },
      { selector: '.faded', style: { opacity: 0.15 } },
      { selector: ':selected', style: { 'overlay-color': '#ffd400', 'overlay-opacity': 0.35, 'overlay-padding': 4 } },
    ];
  }

  set(graph, focusActor) {
    this.data = graph;
    const elements = [];
    const n = graph.nodes.length;
    graph.nodes.forEach((node, i) => {
      const t = (2 * Math.PI * i) / Math.max(1, n);
      elements.push({
        group: 'nodes',
        data: { id: node.id, label: shortName(node.name), kind: node.kind || 'unidentified', parent: node.coalition || undefined, name: node.name },
        // Start from a circle, so the layout is the same on every load.
        position: { x: 300 * Math.cos(t), y: 300 * Math.sin(t) },
      });
    });
    // An edge between a node and the coalition drawn around it would run from inside the
    // box to its own border and upsets the layout: the box already says it (the list keeps it).
    const parent = Object.fromEntries(graph.nodes.map((node) => [node.id, node.coalition]));
    const within = (a, b) => {
      for (let p = parent[a], i = 0; p && i < 10; p = parent[p], i++) if (p === b) return true;
      return false;
    };
    for (const e of graph.edges) {
      if (within(e.source.id, e.target.id) || within(e.target.id, e.source.id)) continue;
      elements.push({
        group: 'edges',
        data: {
          id: edgeKey(e), source: e.source.id, target: e.target.id, predicate: e.predicate,
          status: e.status, label: edgeLabel(e), directed: !e.symmetric, edge: e,
        },
      });
    }
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(elements);
    });
    const fcose = Boolean(window.cytoscapeFcose);
    this.cy.layout(fcose ? {
      name: 'fcose', animate: false, randomize: false, quality: 'proof', padding: 24,
      nodeRepulsion: () => 9000, idealEdgeLength: () => 95, edgeElasticity: () => 0.3,
      nestingFactor: 0.2, gravity: 0.3, gravityCompound: 1.2, tile: true, nodeSeparation: 60,
    } : { name: 'cose', animate: false, randomize: false, padding: 24 }).run();
    this.focus(focusActor);
    this.renderList(graph);
  }

  focus(actor) {
    this.cy.elements().removeClass('faded');
    if (!actor || !this.cy.getElementById(actor).length) return;
    const keep = this.cy.getElementById(actor).closedNeighborhood();
    this.cy.elements().not(keep).not(keep.parents()).addClass('faded');
  }

  selectEdge(key) {
    this.cy.elements().unselect();
    if (key) this.cy.getElementById(key).select();
  }

  renderList(graph) {
    clear(this.list);
    if (!graph.edges.length) {
      this.list.append(el('li', { class: 'muted' }, 'No relation known at this date.'));
      return;
    }
    const sorted = [...graph.edges].sort((a, b) => a.predicate.localeCompare(b.predicate) || a.source.name.localeCompare(b.source.name));
    for (const e of sorted) {
      const p = PREDICATES[e.predicate] || { color: '#555' };
      this.list.append(el('li', {},
        el('button', {
          type: 'button', class: `edge-item status-${e.status}`,
          dataset: { source: e.source.id, target: e.target.id, predicate: e.predicate, status: e.status },
          onclick: () => this.onEdge(e),
        },
        el('span', { class: 'swatch', style: `border-color:${p.color}` }),
        `${shortName(e.source.name)} — ${edgeLabel(e)} — ${shortName(e.target.name)}`,
        el('span', { class: 'muted' }, ` · ${e.evidence_count} source${e.evidence_count === 1 ? '' : 's'}`))));
    }
  }
}

/** The legend of the graph: kinds by shape, predicates by colour and name, statuses by line. */
export function graphLegend() {
  const shapes = {
    rectangle: '■', 'round-rectangle': '▢', diamond: '◆', hexagon: '⬢', triangle: '▲', vee: '▼',
    barrel: '▮', octagon: '⯃', tag: '⬟', ellipse: '●',
  };
  return el('details', { class: 'legend graph-legend' },
    el('summary', {}, 'Graph legend'),
    el('ul', {},
      Object.values(KINDS).filter((k) => k.label !== 'Learned from text').map((k) =>
        el('li', {}, el('span', { style: `color:${k.color}`, class: 'shape', 'aria-hidden': 'true' }, shapes[k.shape] || '●'), ` ${k.label}`)),
      el('li', {}, el('span', { class: 'line solid' }), ' established'),
      el('li', {}, el('span', { class: 'line dashed' }), ' intended (wanted, planned)'),
      el('li', {}, el('span', { class: 'line dotted' }), ' speculative (rumoured, possible)'),
      el('li', {}, '⊣ ✕ ended or denied'),
      el('li', {}, 'Dashed box: coalition and its members')));
}
