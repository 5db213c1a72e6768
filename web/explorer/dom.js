// A tiny DOM builder that only ever creates text nodes from strings. Names,
// aliases and sentences come from ingested articles: they are data, never
// markup, so nothing here parses HTML.

/**
 * el creates an element. props may hold:
 *   class     class names
 *   testid    the data-testid attribute
 *   text      text content
 *   on        {event: handler}
 *   dataset   {key: value}
 *   any other key, set as an attribute (values are strings, never parsed)
 * children are nodes or strings (strings become text nodes); null, false and
 * undefined are skipped, arrays are flattened.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'testid') node.dataset.testid = v;
    else if (k === 'text') node.textContent = String(v);
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k === 'value') node.value = v;
    else if (k === 'checked' || k === 'disabled' || k === 'hidden') node[k] = !!v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

/** append adds children (nodes, strings as text, arrays) to node. */
export function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** clear removes every child of node. */
export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
  return node;
}

const SVG = 'http://www.w3.org/2000/svg';

/** Polygons (in a 20×20 box) that draw Cytoscape's node shapes in the legend. */
const shapePoints = {
  rectangle: '2,4 18,4 18,16 2,16',
  diamond: '10,1 19,10 10,19 1,10',
  hexagon: '5,2 15,2 19,10 15,18 5,18 1,10',
  octagon: '7,1 13,1 19,7 19,13 13,19 7,19 1,13 1,7',
  triangle: '10,2 19,18 1,18',
  'round-triangle': '10,2 19,18 1,18',
  vee: '1,2 10,8 19,2 10,19',
  star: '10,1 12.4,7.2 19,7.2 13.6,11.2 15.6,18 10,14 4.4,18 6.4,11.2 1,7.2 7.6,7.2',
  rhomboid: '5,4 19,4 15,16 1,16',
  'cut-rectangle': '5,4 15,4 19,8 19,12 15,16 5,16 1,12 1,8',
  barrel: '3,3 17,3 19,10 17,17 3,17 1,10',
};

/** shapeIcon returns a small SVG of a node shape filled with color. */
export function shapeIcon(shape, color) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 20 20');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  let s;
  if (shape === 'ellipse') {
    s = document.createElementNS(SVG, 'circle');
    s.setAttribute('cx', '10');
    s.setAttribute('cy', '10');
    s.setAttribute('r', '8');
  } else if (shape === 'round-rectangle') {
    s = document.createElementNS(SVG, 'rect');
    for (const [k, v] of Object.entries({ x: 2, y: 4, width: 16, height: 12, rx: 4 })) s.setAttribute(k, String(v));
  } else {
    s = document.createElementNS(SVG, 'polygon');
    s.setAttribute('points', shapePoints[shape] || shapePoints.rectangle);
    if (shape === 'round-triangle') s.setAttribute('stroke-linejoin', 'round');
  }
  s.setAttribute('fill', color);
  s.setAttribute('stroke', '#333');
  s.setAttribute('stroke-width', '0.8');
  svg.append(s);
  return svg;
}

/** download saves blob under name through a temporary link. */
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
