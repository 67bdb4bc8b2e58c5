// The side panel: evidence for what the user clicked (an event, a relation, an actor), a
// document with the supporting sentence highlighted in its text, and search results. Every
// fact shows the sentences behind it with source, date, attribution and modality.

import { api } from './api.js';
import { el, clear, marked, fmtActor, shortName } from './dom.js';
import { edgeLabel } from './graph.js';

export class Panel {
  constructor(root, nav) {
    this.root = root;
    this.nav = nav; // {openDocument(docId, start, end), openActor(id), openEvent(id), filterActor(id)}
    this.takeFocus = false;
  }

  show(title, ...children) {
    clear(this.root);
    const nodes = children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false);
    this.root.append(el('h2', { id: 'panel-title', tabindex: -1 }, title), ...nodes);
    this.root.scrollTop = 0;
    // Keyboard users land on what they asked for; a page load moves no focus.
    if (this.takeFocus) this.root.querySelector('#panel-title').focus({ preventScroll: true });
  }

  message(text) {
    this.show('Evidence', el('p', { class: 'muted' }, text));
  }

  welcome(stats) {
    this.show('Evidence',
      el('p', {}, 'Click an event on the map, a relation or an actor in the graph, or search, to see the sentences that support it.'),
      stats ? el('p', { class: 'muted' },
        `${stats.documents} documents, ${stats.sentences} sentences` +
        (stats.first_event ? `, events from ${stats.first_event} to ${stats.last_event}` : '') + '.') : null);
  }

  evidenceList(items) {
    return el('ol', { class: 'evidence' }, items.map((ev) => this.evidenceItem(ev)));
  }

  evidenceItem(ev) {
    const meta = [
      ev.published ? `published ${ev.published}` : 'publication date unknown',
      ev.date ? `says ${ev.date}` : null,
    ].filter(Boolean).join(' · ');
    const modality = ev.modality === 'asserted' && ev.polarity === 'positive' ? 'asserted'
      : `${ev.modality}${ev.polarity === 'negative' ? ', negated / denied' : ''}`;
    return el('li', { class: 'evidence-item', dataset: { docId: ev.doc_id, sourcePath: ev.source_path } },
      el('blockquote', { class: `sentence modality-${ev.modality} polarity-${ev.polarity}` }, ev.sentence),
      el('div', { class: 'source' },
        el('strong', {}, ev.title || basename(ev.source_path)), ' ',
        el('span', { class: 'muted' }, `(${basename(ev.source_path)})`)),
      el('div', { class: 'meta' },
        el('span', { class: 'tag' }, modality),
        ev.attribution ? el('span', { class: 'tag' }, `according to: ${ev.attribution}`) : el('span', { class: 'tag muted' }, 'no attribution'),
        ' ', meta),
      el('button', {
        type: 'button', class: 'link',
        onclick: () => this.nav.openDocument(ev.doc_id, ev.start, ev.end),
      }, 'Show in the document'));
  }

  async event(id) {
    this.message('Loading event…');
    const e = await api(`events/${id}`);
    const deaths = e.fatalities === null ? 'unknown' : `${e.fatalities}${e.fatalities_estimated ? ' (estimate)' : ''}`;
    const reported = e.fatalities_reported.length > 1
      ? ` — reports: ${e.fatalities_reported.map((r) => r.fatalities).join(', ')}` : '';
    this.show(`${e.sub_event_type}${e.location ? ` in ${e.location.name}` : ''}`,
      el('dl', { class: 'facts', id: 'event-facts', dataset: { eventId: e.id } },
        dt('Type'), dd(`${e.event_type} / ${e.sub_event_type}`),
        dt('Date'), dd(`${e.date || 'unknown'}${e.time_precision ? ` (precision ${e.time_precision})` : ''}`),
        dt('Place'), dd(e.location ? `${e.location.name}${e.location.admin1 ? `, ${e.location.admin1}` : ''} (${e.location.country || '?'}), geo precision ${e.location.geo_precision ?? '?'}` : 'unknown'),
        dt('Actor 1'), dd(actorLink(e.actor1, this.nav)),
        dt('Actor 2'), dd(actorLink(e.actor2, this.nav)),
        e.assoc_actors.length ? [dt('With'), dd(e.assoc_actors.map((a, i) => [i ? ', ' : '', actorLink(a, this.nav)]))] : null,
        dt('Fatalities'), dd(deaths + reported),
        dt('Stated as'), dd(`${e.modality}, ${e.polarity}`)),
      el('h3', {}, `${e.sources.length} source${e.sources.length === 1 ? '' : 's'}`),
      this.evidenceList(e.sources));
  }

  /** An edge of the graph; its full evidence is fetched when the graph carried only part. */
  async edge(e, at) {
    if (e.evidence.length < e.evidence_count) {
      const r = await api('relations', { at, actor: e.source.id, target: e.target.id, predicate: e.predicate, evidence: 200 });
      const full = r.edges.find((x) => x.predicate === e.predicate && x.target.id === e.target.id && x.source.id === e.source.id);
      if (full) e = full;
    }
    this.show(`${shortName(e.source.name)} — ${edgeLabel(e)} — ${shortName(e.target.name)}`,
      el('dl', { class: 'facts' },
        dt('From'), dd(actorLink(e.source, this.nav)),
        dt('To'), dd(actorLink(e.target, this.nav)),
        dt('Status'), dd(`${e.status}${e.conflicting ? ' — sources disagree' : ''}`),
        dt('Decided by'), dd(`${e.modality}, ${e.polarity} evidence`),
        dt('Seen'), dd(`${e.first_seen || '?'} to ${e.last_seen || '?'}`)),
      el('h3', {}, `${e.evidence_count} piece${e.evidence_count === 1 ? '' : 's'} of evidence, newest first` +
        (e.evidence.length < e.evidence_count ? ` (${e.evidence.length} shown)` : '')),
      this.evidenceList(e.evidence));
  }

  async actor(id) {
    this.message('Loading actor…');
    const a = await api(`actors/${encodeURIComponent(id)}`);
    const rel = (r, side) => el('li', {},
      `${r.relation.replace(/_/g, ' ')} `, actorLink(r[side], this.nav),
      r.title ? ` (${r.title})` : '',
      r.from || r.to ? el('span', { class: 'muted' }, ` ${r.from || '…'} – ${r.to || '…'}`) : '');
    this.show(a.name,
      el('p', {},
        el('button', { type: 'button', onclick: () => this.nav.filterActor(a.id) }, 'Show only this actor’s events'), ' ',
        el('span', { class: 'muted' }, `id ${a.id}`)),
      el('dl', { class: 'facts' },
        dt('Kind'), dd(a.kind || 'unknown'),
        dt('Countries'), dd(a.countries.join(', ') || '—'),
        dt('Active'), dd(`${a.from || '…'} – ${a.to || '…'}`),
        dt('Mentions'), dd(`${a.activity.mentions} in ${a.activity.documents} documents` +
          (a.activity.first_seen ? `, ${a.activity.first_seen} to ${a.activity.last_seen}` : '')),
        a.aliases.length ? [dt('Also called'), dd(aliasLine(a.aliases))] : null),
      a.names.length ? [el('h3', {}, 'Names over time'), el('ul', {}, a.names.map((n) => el('li', {}, `${n.name} `, el('span', { class: 'muted' }, `${n.from || '…'} – ${n.to || '…'}`))))] : null,
      a.memberships.length ? [el('h3', {}, 'Belongs to / roles'), el('ul', {}, a.memberships.map((r) => rel(r, 'object')))] : null,
      a.members.length ? [el('h3', {}, 'Members, leaders, successors'), el('ul', {}, a.members.map((r) =>
        el('li', {}, actorLink(r.subject, this.nav), ` ${r.relation.replace(/_/g, ' ')}`, r.title ? ` (${r.title})` : '',
          r.from || r.to ? el('span', { class: 'muted' }, ` ${r.from || '…'} – ${r.to || '…'}`) : '')))] : null,
      el('p', { class: 'muted small' }, 'Names, memberships and leaders come from the reviewed actor pack; the timeline below comes from the articles.'),
      el('h3', {}, a.timeline.length < a.timeline_total
        ? `Timeline: the newest ${a.timeline.length} of ${a.timeline_total} entries` : 'Timeline'),
      a.timeline.length ? el('ol', { class: 'timeline-list' }, a.timeline.map((t) => el('li', {},
        el('span', { class: 'date' }, t.date || 'undated'), ' ',
        t.event_id !== null
          ? el('button', { type: 'button', class: 'link', onclick: () => this.nav.openEvent(t.event_id) }, t.summary)
          : el('button', { type: 'button', class: 'link', onclick: () => this.nav.openDocument(t.evidence.doc_id, t.evidence.start, t.evidence.end) }, t.summary),
        el('div', { class: 'quote' }, t.evidence.sentence)))) : el('p', { class: 'muted' }, 'Nothing dated yet.'));
  }

  async document(id, start, end) {
    this.message('Loading document…');
    const d = await api(`documents/${encodeURIComponent(id)}`);
    const layers = new Set(['mention', 'place', 'time']);
    const ranges = d.marks.filter((m) => layers.has(m.layer)).map((m) => ({
      start: m.start, end: m.end, cls: `span-${m.layer}`, title: m.label,
    }));
    let body;
    if (Number.isInteger(start) && Number.isInteger(end) && end > start) {
      // The supporting sentence as one highlight, with the other spans marked around it.
      const before = ranges.filter((r) => r.end <= start);
      const after = ranges.filter((r) => r.start >= end);
      const inside = ranges.filter((r) => r.start >= start && r.end <= end).map((r) => ({ ...r, start: r.start - start, end: r.end - start }));
      const enc = new TextEncoder().encode(d.text);
      const dec = new TextDecoder();
      const sentence = dec.decode(enc.slice(start, end));
      body = [
        marked(dec.decode(enc.slice(0, start)), before),
        el('mark', { class: 'evidence-sentence', id: 'evidence-sentence' }, marked(sentence, inside)),
        marked(dec.decode(enc.slice(end)), after.map((r) => ({ ...r, start: r.start - end, end: r.end - end }))),
      ];
    } else {
      body = marked(d.text, ranges);
    }
    this.show(d.title || basename(d.source_path),
      el('p', { class: 'meta' },
        d.published ? `Published ${d.published}` : 'Publication date unknown',
        d.publisher ? ` · ${d.publisher}` : '', ` · ${d.language} · `,
        el('span', { class: 'muted' }, d.source_path), d.url ? [' · ', el('span', {}, d.url)] : null),
      el('p', { class: 'key small' },
        el('mark', { class: 'span-mention' }, 'actor'), ' ', el('mark', { class: 'span-place' }, 'place'), ' ',
        el('mark', { class: 'span-time' }, 'date'), ' ', el('mark', { class: 'evidence-sentence' }, 'evidence sentence')),
      el('div', { class: 'doc-text', id: 'doc-text', dataset: { docId: d.id } }, body));
    const target = this.root.querySelector('#evidence-sentence');
    if (target) target.scrollIntoView({ block: 'center' });
  }

  async search(q) {
    this.message(`Searching for ${q}…`);
    const r = await api('search', { q, limit: 50 });
    this.show(`Search: ${r.query}`,
      r.actors.length ? [el('h3', {}, 'Actors'), el('ul', {}, r.actors.map((a) => el('li', {}, actorLink(a, this.nav))))] : null,
      el('h3', {}, `${r.hits.length} sentence${r.hits.length === 1 ? '' : 's'}`),
      el('ol', { class: 'hits' }, r.hits.map((h) => el('li', {},
        el('button', { type: 'button', class: 'link hit', onclick: () => this.nav.openDocument(h.doc_id, h.start, h.end) },
          marked(h.sentence, h.matches)),
        el('div', { class: 'muted small' }, h.title || basename(h.source_path))))));
  }
}

function dt(text) {
  return el('dt', {}, text);
}

function dd(...content) {
  return el('dd', {}, ...content);
}

function actorLink(a, nav) {
  if (!a) return '—';
  return el('button', { type: 'button', class: 'link actor', onclick: () => nav.openActor(a.id), title: a.kind || '' }, fmtActor(a));
}

/** A few short aliases and how many more there are. */
function aliasLine(aliases) {
  const shown = aliases.filter((x) => x.length <= 40).slice(0, 8);
  const more = aliases.length - shown.length;
  return shown.join(', ') + (more > 0 ? ` and ${more} more` : '');
}

function basename(p) {
  return (p || '').split('/').pop();
}
