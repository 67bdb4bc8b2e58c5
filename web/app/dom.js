// Building DOM nodes from data. Every piece of text from the API (article text, titles,
// names) goes in as a text node, never as HTML, so an article containing `<script>` shows
// as the characters it is. Nothing in the UI may set innerHTML from data.

/** Creates an element: el('a', {href: '#', class: 'x', onclick: f}, 'text', child, …). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') {
      for (const [k, v] of Object.entries(value)) node.dataset[k] = String(v);
    } else if (value === true) {
      node.setAttribute(key, '');
    } else {
      node.setAttribute(key, String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** The SVG counterpart of `el`. */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else {
      node.setAttribute(key, String(value));
    }
  }
  append(node, children);
  return node;
}

export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
  return node;
}

/**
 * `text` with the byte ranges in `ranges` ({start, end, cls, title}) wrapped in <mark>.
 * Offsets from the API are UTF-8 byte offsets; they are turned into string indices here.
 */
export function marked(text, ranges) {
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  const sorted = [...ranges]
    .filter((r) => r.start >= 0 && r.end <= bytes.length && r.start < r.end)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out = [];
  let at = 0;
  for (const r of sorted) {
    if (r.start < at) continue; // overlapping spans: the first one wins
    out.push(decoder.decode(bytes.slice(at, r.start)));
    out.push(el('mark', { class: r.cls || 'hit', title: r.title }, decoder.decode(bytes.slice(r.start, r.end))));
    at = r.end;
  }
  out.push(decoder.decode(bytes.slice(at)));
  return out;
}

export function fmtActor(a) {
  return a ? a.name : '—';
}

/** A short readable form of an actor name: "JNIM: Group for …" → "JNIM". */
export function shortName(name) {
  if (!name) return '';
  const colon = name.indexOf(':');
  if (colon > 0 && colon <= 12) return name.slice(0, colon);
  return name.length > 28 ? `${name.slice(0, 26)}…` : name;
}
