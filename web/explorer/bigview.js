// Big graphs: a generated or given graph drawn at once with the fast
// layout, folded into counted groups above AGGREGATE entities (grouping.js),
// with the draw timed; a group opens on a click.

import { addData, refresh } from './drawn.js';
import { forceLayout } from './forcelayout.js';
import { fitPositions, makeRoom, nextFrame, placeAround } from './graph.js';
import { aggregate, communities, strongest } from './grouping.js';
import { cy, setStatus, state } from './state.js';
import { syntheticGraph } from './synthetic.js';

/**
 * drawGraph replaces the view with a graph in the API's shape ({nodes,
 * edges} of Entity and Relation objects), laid out with the fast layout, and
 * records how long laying out, adding and the first render took
 * (window.newsgraph.lastDraw).
 */
export async function drawGraph(g, { fold = g.nodes.length > AGGREGATE } = {}) {
  cy.elements().remove();
  state.omitted.clear();
  state.pathResult = null;
  const t1 = performance.now();
  state.groups = null;
  let drawn = g;
  if (fold) {
    const groupOf = communities(
      g.nodes.map((x) => x.id),
      g.edges.map((e) => [e.subject.id, e.object.id]),
    );
    state.groups = { g, groupOf, open: new Set() };
    drawn = strongest(aggregate(g, groupOf), LINKS_PER_NODE);
  }
  // Groups are drawn up to 64 px wide: a folded view gets longer edges.
  const pos = forceLayout(
    drawn.nodes.map((x) => x.id),
    drawn.edges.map((e) => [e.subject.id, e.object.id]),
    state.groups ? { edgeLength: FOLDED_EDGE_LENGTH } : {},
  );
  const t2 = performance.now();
  addData(drawn.nodes, drawn.edges, pos);
  markGroups(drawn.nodes);
  fitPositions(cy, cy.nodes());
  refresh();
  const t3 = performance.now();
  await new Promise((resolve) => {
    const timer = setTimeout(resolve, 10_000);
    cy.one('render', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  await nextFrame();
  const t4 = performance.now();
  state.lastDraw = {
    nodes: cy.nodes().length,
    edges: cy.edges().length,
    entities: g.nodes.length,
    relations: g.edges.length,
    groups: cy.nodes('.group').length,
    hiddenLinks: drawn.hidden || 0,
    layoutMs: Math.round(t2 - t1),
    addMs: Math.round(t3 - t2),
    renderMs: Math.round(t4 - t3),
    drawMs: Math.round(t4 - t1),
  };
  setStatus(
    `Drew ${state.lastDraw.nodes} nodes and ${state.lastDraw.edges} edges in ${state.lastDraw.drawMs} ms (layout ${state.lastDraw.layoutMs} ms)${hiddenNote(drawn.hidden)}.`,
  );
  return state.lastDraw;
}

/** AGGREGATE is the number of entities above which a drawn graph is folded into groups (grouping.js). */
const AGGREGATE = 4000;
/** FOLDED_EDGE_LENGTH is the ideal edge length of a folded view's layout. */
const FOLDED_EDGE_LENGTH = 160;

/**
 * LINKS_PER_NODE is how many of its strongest links to other groups each
 * node of a folded view keeps (grouping.js strongest). Drawing every summed
 * link (4,400 of them for 10,000 entities) made a hairball, and redrawing it
 * took 100–250 ms a frame while panning or zooming in headless Chromium's
 * software canvas; the strongest 3 a node (about 700) keep 30 frames a second.
 */
const LINKS_PER_NODE = 3;

/** hiddenNote tells how many weaker links between groups are not drawn. */
const hiddenNote = (n) => (n ? `; ${n} weaker links between groups not drawn` : '');

/**
 * markGroups gives the group nodes of a folded view their members and look,
 * and the summed links between them theirs (no arrow: a sum has no one
 * direction).
 */
function markGroups(nodes) {
  cy.batch(() => {
    for (const n of nodes) {
      if (!n.members) continue;
      cy.getElementById(n.id).data({ group: n.group, members: n.members.length }).addClass('group');
    }
    cy.edges('[id ^= "agg:"]').not('.agg').addClass('agg');
  });
}

/**
 * openGroup replaces a group node by its members, placed around it, with
 * their relations (summed per pair where the other end is still a group).
 */
export function openGroup(id) {
  const node = cy.getElementById(id);
  if (!state.groups || node.empty()) return;
  state.groups.open.add(node.data('group'));
  const v = strongest(aggregate(state.groups.g, state.groups.groupOf, state.groups.open), LINKS_PER_NODE);
  const center = { ...node.position() };
  const radius = 30 + (node.data('size') || 30);
  cy.batch(() => {
    node.remove();
    cy.edges().remove();
  });
  const added = addData(v.nodes, v.edges);
  markGroups([]);
  // members on rings roomy enough for their labels, the rest of the
  // drawing moved out of their way, and the view on the opened group
  const outer = placeAround(added.toArray(), center, radius, { spacing: 110, ringGap: 70 });
  cy.batch(() => makeRoom(cy.nodes().not(added), center, outer + 60));
  refresh();
  cy.fit(added, 40);
  setStatus(`${added.length} entities of the group drawn${hiddenNote(v.hidden)}.`);
}

/** drawSynthetic draws a generated graph of n nodes and m edges (see drawGraph). */
export async function drawSynthetic(n, m, { fold = true } = {}) {
  const t0 = performance.now();
  const g = syntheticGraph(n, m);
  const generateMs = Math.round(performance.now() - t0);
  const draw = await drawGraph(g, { fold: fold && g.nodes.length > AGGREGATE });
  state.lastDraw = { ...draw, generateMs };
  return state.lastDraw;
}
