// Tracefleet's web UI: one module, no build step, no third-party code. It reads the same JSON as any API client
// and renders with DOM calls only (text goes in as text, never as HTML), so the CSP needs no inline anything.

const TOKEN_KEY = 'tracefleet.token';
const POLL_MS = 2000;
const SVG = 'http://www.w3.org/2000/svg';

const state = {
  revision: null,
  selected: null, // logical id of the node whose details are open
  eventFilter: {app: '', type: '', text: ''},
  plan: null,
};

// ---------- small DOM helpers ----------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'text') el.textContent = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function badge(text, kind) {
  return h('span', {class: `badge ${kind || cls(text)}`}, text || '—');
}

// A colour class from a sync or health label: Synced/Healthy green, OutOfSync/Progressing amber, the rest red/grey.
function cls(label) {
  switch (label) {
    case 'Synced': case 'Healthy': return 'ok';
    case 'OutOfSync': case 'Progressing': case 'Missing': case 'PendingDeletion': case 'Suspended': return 'warn';
    case 'Error': case 'Degraded': case 'Conflict': case 'Unproven': case 'Invalid': case 'InvalidSpec': return 'bad';
    default: return 'unknown';
  }
}

function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(undefined, {hour12: false});
}

function notice(text, kind) {
  const el = document.getElementById('notice');
  el.textContent = text;
  el.className = `notice ${kind}`;
  el.hidden = false;
}

// ---------- the API ----------

class ApiFailure extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(path, method = 'GET') {
  const headers = {Accept: 'application/json'};
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, {method, headers, cache: 'no-store'});
  const body = await response.text();
  let json = null;
  try { json = body ? JSON.parse(body) : null; } catch (e) { json = null; }
  if (!response.ok) {
    throw new ApiFailure(response.status, (json && json.message) || `${response.status} ${response.statusText}`);
  }
  return json;
}

// Reads that need the token (protectReads) ask for it once, like actions do; once declined, reads stop asking
// (the poll would otherwise reopen the dialog every two seconds) until an action asks again.
let readsDeclined = false;

async function read(path) {
  try {
    return await api(path);
  } catch (e) {
    if (e instanceof ApiFailure && e.status === 401 && !readsDeclined) {
      sessionStorage.removeItem(TOKEN_KEY);
      if (await askToken()) return api(path);
      readsDeclined = true;
    }
    throw e;
  }
}

let tokenAsked = null;

// One dialog at a time: whoever asks while it is open waits for the same answer.
function askToken() {
  if (tokenAsked) return tokenAsked.promise;
  const dialog = document.getElementById('token-dialog');
  const input = document.getElementById('token-input');
  input.value = '';
  dialog.hidden = false;
  input.focus();
  tokenAsked = {};
  tokenAsked.promise = new Promise(resolve => { tokenAsked.resolve = resolve; });
  return tokenAsked.promise;
}

function closeTokenDialog(given) {
  document.getElementById('token-dialog').hidden = true;
  if (given) {
    sessionStorage.setItem(TOKEN_KEY, given);
    document.getElementById('forget-token').hidden = false;
    readsDeclined = false;
  }
  if (tokenAsked) tokenAsked.resolve(Boolean(given));
  tokenAsked = null;
}

async function act(label, path) {
  if (!sessionStorage.getItem(TOKEN_KEY) && !await askToken()) return;
  try {
    const answer = await api(path, 'POST');
    notice(`${label}: ${answer && answer.message ? answer.message : 'done'}`, 'ok');
  } catch (e) {
    if (e instanceof ApiFailure && e.status === 401) {
      // A wrong token is forgotten, so the next action asks again instead of failing the same way.
      sessionStorage.removeItem(TOKEN_KEY);
      document.getElementById('forget-token').hidden = true;
    }
    notice(`${label} refused (${e.status || 'network'}): ${e.message}`, 'bad');
  }
  await refresh();
}

// ---------- routing ----------

function route() {
  const parts = (location.hash.replace(/^#\/?/, '') || '').split('/').map(decodeURIComponent);
  if (parts[0] === 'apps' && parts[1]) return {view: 'app', app: parts[1], tab: parts[2] || 'resources'};
  if (parts[0] === 'events') return {view: 'events'};
  if (parts[0] === 'specs') return {view: 'specs'};
  return {view: 'fleet'};
}

function link(app, tab) {
  return `#/apps/${encodeURIComponent(app)}/${tab}`;
}

let rendering = Promise.resolve();

function refresh() {
  rendering = rendering.then(render, render);
  return rendering;
}

async function render() {
  const r = route();
  for (const id of ['nav-fleet', 'nav-events', 'nav-specs']) {
    document.getElementById(id).classList.toggle('active', id === `nav-${r.view}`);
  }
  let content;
  try {
    if (r.view === 'app') content = await appView(r.app, r.tab);
    else if (r.view === 'events') content = await eventsView(null);
    else if (r.view === 'specs') content = await specsView();
    else content = await fleetView();
  } catch (e) {
    content = h('p', {class: 'error'}, `Could not load: ${e.message}`);
  }
  const main = document.getElementById('main');
  const scroll = [...main.querySelectorAll('.scroll')].map(el => [el.scrollLeft, el.scrollTop]);
  main.replaceChildren(content);
  main.querySelectorAll('.scroll').forEach((el, i) => {
    if (scroll[i]) [el.scrollLeft, el.scrollTop] = scroll[i];
  });
}

// ---------- fleet ----------

async function fleetView() {
  const [status, specs] = await Promise.all([read('/view/fleet'), read('/specs')]);
  const c = status.controller;
  const rows = status.applications.map(app => {
    const invalid = specs.filter(f => !f.valid && f.application === app.name);
    const specBad = invalid.length > 0 || Boolean(app.specProblem);
    return h('tr', {class: 'app-row', 'data-app': app.name},
      h('td', {}, h('a', {href: link(app.name, 'resources')}, app.name), h('div', {class: 'sub'}, app.region || '')),
      // Like Argo CD, a source that cannot be read is not called Synced: what AWS matches is an older version.
      h('td', {}, specBad ? [badge('SpecInvalid', 'bad'), h('div', {class: 'sub'},
          `AWS is ${app.sync} with the last valid version`)] : badge(app.sync)),
      h('td', {}, badge(app.health)),
      h('td', {}, specBad ? [badge('Invalid'), h('div', {class: 'sub'}, invalid.length ? problemText(invalid[0])
          : app.specProblem, ' (last valid version in force)')] : badge('Valid', 'ok'),
        h('div', {class: 'sub'}, app.file || '')),
      h('td', {}, app.paused ? badge('Paused', 'warn') : badge('Active', 'ok'),
        h('div', {class: 'sub'}, app.selfHeal === false ? 'selfHeal off' : 'selfHeal on')),
      h('td', {}, when(app.lastCycleAt), h('div', {class: 'sub'},
          app.lastCycleMillis != null ? `${app.lastCycleMillis} ms` : '', app.lastError ? ` — ${app.lastError}` : '')),
      h('td', {class: app.drifted ? 'num warn-text' : 'num'}, app.drifted),
      h('td', {class: app.failed ? 'num bad-text' : 'num'}, app.failed),
      h('td', {class: 'num'}, app.resources));
  });
  // A document that never was valid has no status: it is listed here so that it is not silently absent.
  const observed = new Set(status.applications.map(a => a.name));
  for (const file of specs.filter(f => !f.valid && !(f.application && observed.has(f.application))
      && !(f.lastValidInForce && f.lastValidInForce.length))) {
    rows.push(h('tr', {class: 'app-row invalid', 'data-app': file.application || file.file},
      h('td', {}, file.application || h('em', {}, '(unnamed)'), h('div', {class: 'sub'}, file.file)),
      h('td', {}, badge('NotApplied', 'bad')),
      h('td', {}, badge('Unknown')),
      h('td', {}, badge('Invalid'), h('div', {class: 'sub'}, problemText(file))),
      h('td', {}, '—'), h('td', {}, '—'), h('td', {class: 'num'}, '—'), h('td', {class: 'num'}, '—'),
      h('td', {class: 'num'}, '—')));
  }
  const lastPass = c.lastPass || {};
  return h('div', {class: 'fleet'},
    h('section', {class: 'card controller'},
      h('h2', {}, 'Controller'),
      h('dl', {},
        h('dt', {}, 'AWS backend'), h('dd', {id: 'backend'}, c.awsBackend),
        h('dt', {}, 'Region'), h('dd', {}, c.region || '—'),
        h('dt', {}, 'Account'), h('dd', {}, c.account || 'not known yet'),
        h('dt', {}, 'Resync'), h('dd', {}, duration(c.resyncInterval),
          c.effectiveResyncInterval !== c.resyncInterval ? ` stretched to ${duration(c.effectiveResyncInterval)}` : '',
          c.resyncStretched ? h('div', {class: 'sub'}, c.resyncStretched) : ''),
        h('dt', {}, 'API budget'), h('dd', {}, c.resyncStretched ? badge('Stretched', 'warn') : badge('Within', 'ok')),
        h('dt', {}, 'Last pass'), h('dd', {}, lastPass.startedAt ? [when(lastPass.completedAt || lastPass.startedAt),
          lastPass.durationMillis != null ? ` (${lastPass.durationMillis} ms) ` : ' ', badge(
            (lastPass.outcome || 'running').split(':')[0]), ' ', lastPass.outcome || ''] : 'none yet'),
        c.writeLease ? [h('dt', {}, 'Write lease'), h('dd', {}, c.writeLease)] : null,
        c.specsUnreadable ? [h('dt', {}, 'Specs'), h('dd', {class: 'bad-text'}, c.specsUnreadable)] : null,
        h('dt', {}, 'Version'), h('dd', {}, `${c.version}, up ${c.uptimeSeconds} s`))),
    h('section', {class: 'card'},
      h('h2', {}, 'Applications'),
      h('table', {class: 'grid', id: 'fleet-table'},
        h('thead', {}, h('tr', {}, ['Application', 'Sync', 'Health', 'Spec', 'Mode', 'Last cycle', 'Drifted',
          'Failed', 'Resources'].map(t => h('th', {}, t)))),
        h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', {colspan: 9}, 'No application yet.'))))),
    specErrors(specs));
}

function duration(iso) {
  // PT1H, PT30S, PT1M30S → 1h, 30s, 1m30s
  return iso ? iso.replace(/^PT/, '').toLowerCase() : '—';
}

function problemText(file) {
  const e = file.errors && file.errors[0];
  if (!e) return file.file;
  return `${file.file}:${e.line}:${e.column} ${e.field ? e.field + ': ' : ''}${e.message}`;
}

function specErrors(specs) {
  const invalid = specs.filter(f => !f.valid);
  if (!invalid.length) return null;
  return h('section', {class: 'card', id: 'spec-errors'},
    h('h2', {}, 'Spec errors'),
    h('ul', {class: 'errors'}, invalid.flatMap(f => (f.errors || []).map(e => h('li', {},
      h('code', {}, `${f.file}:${e.line}:${e.column}`), ' ', e.field ? h('strong', {}, e.field) : '', ' ',
      e.message, f.lastValidInForce ? h('span', {class: 'sub'}, ' — the last valid version stays in force') : '')))));
}

async function specsView() {
  const specs = await read('/specs');
  return h('div', {},
    h('section', {class: 'card'}, h('h2', {}, 'Spec documents'),
      h('table', {class: 'grid'},
        h('thead', {}, h('tr', {}, ['File', 'Document', 'Application', 'Valid', 'In force', 'Generation']
          .map(t => h('th', {}, t)))),
        h('tbody', {}, specs.map(f => h('tr', {},
          h('td', {}, f.file), h('td', {}, f.document ?? '—'), h('td', {}, f.application || '—'),
          h('td', {}, f.valid ? badge('Valid', 'ok') : badge('Invalid')), h('td', {}, f.inForce ? 'yes' : 'no'),
          h('td', {}, h('code', {}, f.generation || '—'))))))),
    specErrors(specs));
}

// ---------- one application ----------

async function appView(name, tab) {
  const [app, topology] = await Promise.all([read(`/status/${encodeURIComponent(name)}`).catch(e => {
    if (e.status === 404) return null;
    throw e;
  }), read(`/view/applications/${encodeURIComponent(name)}`).catch(() => null)]);
  const tabs = [['resources', 'Resources'], ['services', 'Service map'], ['plan', 'Plan'], ['events', 'Events']];
  const paused = app ? app.paused : topology && topology.summary.paused;
  const header = h('div', {class: 'app-header'},
    h('h1', {}, name),
    app ? [badge(app.sync), ' ', badge(app.health)] : badge('NotObserved', 'unknown'),
    paused ? [' ', badge('Paused', 'warn')] : null,
    topology && topology.summary.selfHeal === false ? [' ', badge('selfHeal off', 'unknown')] : null,
    h('span', {class: 'sub'}, app ? ` last cycle ${when(app.lastCycleAt)}` : ''),
    h('div', {class: 'actions'},
      h('button', {type: 'button', id: 'act-reconcile',
        onclick: () => act('Reconcile', `/reconcile/${encodeURIComponent(name)}`)}, 'Reconcile now'),
      paused
        ? h('button', {type: 'button', id: 'act-resume',
          onclick: () => act('Resume', `/apps/${encodeURIComponent(name)}/resume`)}, 'Resume')
        : h('button', {type: 'button', id: 'act-pause',
          onclick: () => act('Pause', `/apps/${encodeURIComponent(name)}/pause`)}, 'Pause'),
      h('button', {type: 'button', id: 'act-confirm',
        onclick: () => act('Confirm deletions', `/apps/${encodeURIComponent(name)}/deletions/confirm`)},
        'Confirm pending deletions')));
  const nav = h('nav', {class: 'tabs'}, tabs.map(([key, label]) =>
    h('a', {href: link(name, key), class: key === tab ? 'active' : null, id: `tab-${key}`}, label)));
  const problem = app && app.specProblem ? h('p', {class: 'error'}, app.specProblem) : null;
  let body;
  if (tab === 'services') body = serviceMap(app, topology);
  else if (tab === 'plan') body = planView(name);
  else if (tab === 'events') body = await eventsView(name);
  else body = await resourceView(app, topology);
  return h('div', {class: 'app'}, header, problem, nav, body);
}

// Columns by dependency depth: a resource sits right of everything it needs, so edges run left to right.
function layers(nodes) {
  const byId = Object.fromEntries(nodes.map(n => [n.id, n]));
  const depth = {};
  const visit = (id, trail) => {
    if (depth[id] !== undefined) return depth[id];
    if (trail.has(id)) return 0;
    trail.add(id);
    const deps = (byId[id] && byId[id].dependsOn || []).filter(d => byId[d]);
    depth[id] = deps.length ? 1 + Math.max(...deps.map(d => visit(d, trail))) : 0;
    return depth[id];
  };
  nodes.forEach(n => visit(n.id, new Set()));
  return depth;
}

const NODE_W = 228;
const NODE_H = 58;
const COL_GAP = 40;
const ROW_GAP = 14;

async function resourceView(app, topology) {
  const statusById = Object.fromEntries((app ? app.resources : []).map(r => [r.id, r]));
  const nodes = topology ? topology.nodes.map(n => ({...n})) : [];
  const known = new Set(nodes.map(n => n.id));
  // What status reports beside the spec (orphans, unproven look-alikes, unmanaged rules) gets a column of its own.
  const extra = (app ? app.resources : []).filter(r => !known.has(r.id));
  const depth = layers(nodes);
  const maxDepth = Math.max(0, ...Object.values(depth));
  extra.forEach(r => {
    nodes.push({id: r.id, kind: r.kind, name: r.physicalName, dependsOn: []});
    depth[r.id] = maxDepth + 1;
  });
  const columns = [];
  nodes.forEach(n => { (columns[depth[n.id]] = columns[depth[n.id]] || []).push(n); });
  const pos = {};
  const row = {};
  let height = 0;
  columns.forEach((col, c) => {
    // Each column follows the rows of what its resources need (one barycentre sweep), so arrows cross less.
    const mean = n => {
      const rows = (n.dependsOn || []).filter(d => row[d] !== undefined).map(d => row[d]);
      return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : -1;
    };
    (col || []).sort((a, b) => c === 0 ? a.id.localeCompare(b.id) : (mean(a) - mean(b)) || a.id.localeCompare(b.id));
    (col || []).forEach((n, i) => {
      row[n.id] = i;
      pos[n.id] = {x: 10 + c * (NODE_W + COL_GAP), y: 10 + i * (NODE_H + ROW_GAP)};
      height = Math.max(height, pos[n.id].y + NODE_H + 10);
    });
  });
  const width = 20 + columns.length * (NODE_W + COL_GAP) - COL_GAP;
  const svg = s('svg', {class: 'graph', id: 'resource-graph', width, height, viewBox: `0 0 ${width} ${height}`},
    s('defs', {}, s('marker', {id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7,
      markerHeight: 7, orient: 'auto-start-reverse'}, s('path', {d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead'}))));
  const edges = s('g', {class: 'edges'});
  for (const n of nodes) {
    for (const d of n.dependsOn || []) {
      if (!pos[d]) continue;
      const a = pos[d];
      const b = pos[n.id];
      const x1 = a.x + NODE_W; const y1 = a.y + NODE_H / 2; const x2 = b.x; const y2 = b.y + NODE_H / 2;
      const mid = (x1 + x2) / 2;
      edges.append(s('path', {d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, class: 'edge',
        'marker-end': 'url(#arrow)'}));
    }
  }
  svg.append(edges);
  for (const n of nodes) {
    const st = statusById[n.id] || {};
    const p = pos[n.id];
    const drifted = Boolean(st.drift && st.drift.length);
    const g = s('g', {class: `node sync-${cls(st.sync)} health-${cls(st.health)}${state.selected === n.id
        ? ' selected' : ''}${drifted ? ' drifted' : ''}`, transform: `translate(${p.x},${p.y})`, 'data-id': n.id,
      tabindex: 0, role: 'button', onmousedown: e => e.preventDefault(),
      onclick: () => select(n.id),
      onkeydown: e => { if (e.key === 'Enter') select(n.id); }},
      s('title', {}, `${n.kind} ${n.id}\n${st.arn || n.name || ''}\n${st.sync || 'not observed'} / ${
        st.health || ''}${st.healthReason ? ': ' + st.healthReason : ''}`),
      s('rect', {width: NODE_W, height: NODE_H, rx: 6, class: 'box'}),
      s('rect', {width: 6, height: NODE_H, rx: 3, class: 'stripe'}),
      s('text', {x: 14, y: 16, class: 'kind'}, n.kind),
      s('text', {x: NODE_W - 8, y: 16, class: 'state', 'text-anchor': 'end'},
        `${st.sync || 'NotObserved'} · ${st.health || '?'}`),
      s('text', {x: 14, y: 34, class: 'id'}, clip(n.id, 29)),
      s('text', {x: 14, y: 50, class: 'name'}, clip(st.physicalName || n.name || '', drifted ? 18 : 32)),
      drifted ? s('text', {x: NODE_W - 8, y: 50, class: 'drift-mark', 'text-anchor': 'end'},
        clip(`Δ ${st.drift.map(d => d.path).join(', ')}`, 18)) : null);
    svg.append(g);
  }
  state.shown = {app, statusById, nodes};
  return h('div', {class: 'split'},
    h('div', {class: 'scroll graph-wrap'}, svg),
    await details(app, statusById[state.selected], nodes.find(n => n.id === state.selected)));
}

// Choosing a node changes only the highlight and the panel: with thousands of nodes, redrawing the graph and
// fetching its data again would take seconds for what the page already has.
function select(id) {
  rendering = rendering.then(async () => {
    const shown = state.shown;
    if (!shown || !document.getElementById('resource-graph')) return;
    state.selected = id;
    document.querySelectorAll('#resource-graph g.node.selected').forEach(g => g.classList.remove('selected'));
    const g = document.querySelector(`#resource-graph g.node[data-id="${CSS.escape(id)}"]`);
    if (g) g.classList.add('selected');
    const panel = await details(shown.app, shown.statusById[id], shown.nodes.find(n => n.id === id));
    const old = document.getElementById('details');
    if (old) old.replaceWith(panel);
  }).catch(e => notice(`Could not load: ${e.message}`, 'bad'));
  return rendering;
}

function clip(text, n) {
  return text.length > n ? text.slice(0, n - 1) + '…' : text;
}

async function details(app, st, node) {
  if (!node) {
    return h('aside', {class: 'details', id: 'details'}, h('p', {class: 'sub'},
      'Select a resource to see its drift and events.'));
  }
  st = st || {};
  const events = app ? (await read(`/events`)).filter(e => e.application === app.name && e.resource === node.id)
    .slice(-15).reverse() : [];
  const drift = st.drift || [];
  return h('aside', {class: 'details', id: 'details'},
    h('h2', {}, node.id),
    h('dl', {},
      h('dt', {}, 'Kind'), h('dd', {}, node.kind),
      h('dt', {}, 'AWS name'), h('dd', {}, st.physicalName || node.name || '—'),
      h('dt', {}, 'ARN / id'), h('dd', {class: 'mono'}, st.arn || '—'),
      h('dt', {}, 'Sync'), h('dd', {}, badge(st.sync || 'NotObserved'), st.message ? ` ${st.message}` : ''),
      h('dt', {}, 'Health'), h('dd', {}, badge(st.health || 'Unknown'), st.healthReason ? ` ${st.healthReason}` : ''),
      h('dt', {}, 'Depends on'), h('dd', {}, (node.dependsOn || []).join(', ') || '—')),
    h('h3', {}, 'Drift'),
    drift.length ? h('table', {class: 'grid drift', id: 'drift-table'},
      h('thead', {}, h('tr', {}, h('th', {}, 'Field'), h('th', {}, 'Desired'), h('th', {}, 'Actual'))),
      h('tbody', {}, drift.map(d => h('tr', {}, h('td', {class: 'mono'}, d.path),
        h('td', {class: 'mono desired'}, d.desired), h('td', {class: 'mono actual'}, d.actual)))))
      : h('p', {class: 'sub', id: 'no-drift'}, 'No drift: every field Tracefleet owns matches the spec.'),
    h('h3', {}, 'Recent events'),
    events.length ? h('ul', {class: 'events'}, events.map(e => h('li', {},
      h('span', {class: 'sub'}, when(e.time)), ' ', badge(e.reason, e.type === 'ERROR' ? 'bad' : 'unknown'), ' ',
      e.message))) : h('p', {class: 'sub'}, 'None.'));
}

// ---------- service map ----------

function serviceMap(app, topology) {
  if (!topology) return h('p', {class: 'sub'}, 'The application is not in force.');
  const byId = Object.fromEntries((app ? app.resources : []).map(r => [r.id, r]));
  const services = topology.services;
  // Callers left of what they call.
  const calls = Object.fromEntries(services.map(sv => [sv.name, sv.calls.map(c => c.service)]));
  const depth = {};
  const visit = (name, trail) => {
    if (depth[name] !== undefined) return depth[name];
    if (trail.has(name)) return 0;
    trail.add(name);
    const callers = services.filter(sv => calls[sv.name].includes(name)).map(sv => sv.name);
    depth[name] = callers.length ? 1 + Math.max(...callers.map(c => visit(c, trail))) : 0;
    return depth[name];
  };
  services.forEach(sv => visit(sv.name, new Set()));
  const W = 340; const H = 118; const GX = 190; const GY = 24;
  const cols = [];
  services.forEach(sv => { (cols[depth[sv.name]] = cols[depth[sv.name]] || []).push(sv); });
  const pos = {};
  let height = 0;
  cols.forEach((col, c) => (col || []).forEach((sv, i) => {
    pos[sv.name] = {x: 10 + c * (W + GX), y: 10 + i * (H + GY)};
    height = Math.max(height, pos[sv.name].y + H + 10);
  }));
  const width = 20 + cols.length * (W + GX) - GX;
  const svg = s('svg', {class: 'graph', id: 'service-map', width, height, viewBox: `0 0 ${width} ${height}`},
    s('defs', {}, s('marker', {id: 'call', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8,
      markerHeight: 8, orient: 'auto-start-reverse'}, s('path', {d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead'}))));
  for (const sv of services) {
    for (const c of sv.calls) {
      const a = pos[sv.name]; const b = pos[c.service];
      if (!a || !b) continue;
      const x1 = a.x + W; const y1 = a.y + H / 2; const x2 = b.x; const y2 = b.y + H / 2;
      const mid = (x1 + x2) / 2;
      svg.append(s('path', {d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, class: 'edge call',
        'marker-end': 'url(#call)'}));
      svg.append(s('text', {x: mid, y: (y1 + y2) / 2 - 8, class: 'edge-label', 'text-anchor': 'middle'},
        clip(`${c.env} = ${c.attribute}`, 26)));
    }
  }
  for (const sv of services) {
    const p = pos[sv.name];
    const svc = byId[`${sv.name}/service`] || {};
    const {tasks, targets} = serviceFacts(sv, svc);
    const endpoint = app && app.outputs ? app.outputs[sv.name] : null;
    svg.append(s('g', {class: `service sync-${cls(svc.sync)} health-${cls(svc.health)}`,
      transform: `translate(${p.x},${p.y})`, 'data-service': sv.name},
      s('rect', {width: W, height: H, rx: 8, class: 'box'}),
      s('rect', {width: 6, height: H, rx: 3, class: 'stripe'}),
      s('text', {x: 16, y: 22, class: 'id'}, sv.name),
      s('text', {x: W - 10, y: 22, class: 'state', 'text-anchor': 'end'},
        `${svc.sync || 'NotObserved'} · ${svc.health || '?'}`),
      s('text', {x: 16, y: 42, class: 'name'}, `sidecar: ${sv.sidecar}`),
      s('text', {x: 16, y: 60, class: 'name'}, `tasks: ${tasks}`),
      s('text', {x: 16, y: 78, class: 'name'}, `targets: ${clip(targets, 44)}`),
      s('text', {x: 16, y: 98, class: 'name mono'}, clip(endpoint || 'no endpoint yet', 50))));
  }
  const list = h('table', {class: 'grid', id: 'service-table'},
    h('thead', {}, h('tr', {}, ['Service', 'Calls', 'Sidecar', 'Tasks', 'Targets', 'Endpoint'].map(t => h('th', {}, t)))),
    h('tbody', {}, services.map(sv => {
      const {tasks, targets} = serviceFacts(sv, byId[`${sv.name}/service`] || {});
      const endpoint = app && app.outputs ? app.outputs[sv.name] : null;
      return h('tr', {},
        h('td', {}, sv.name),
        h('td', {}, sv.calls.length ? sv.calls.map(c => `${sv.name} → ${c.service} (${c.env})`).join(', ') : '—'),
        h('td', {}, sv.sidecar), h('td', {}, tasks), h('td', {}, targets),
        h('td', {}, endpoint ? h('a', {href: endpoint, rel: 'noreferrer', target: '_blank'}, endpoint) : '—'));
    })));
  return h('div', {}, h('div', {class: 'scroll graph-wrap'}, svg), list);
}

// The ECS service's health reason reads "1 of 1 tasks running; 1 healthy, 0 unhealthy, 0 initial targets"; the
// targets part is there only when the pass read them (targetHealth: always, or a service still moving).
function serviceFacts(sv, svc) {
  const [tasks, targets] = (svc.healthReason || '').split('; ');
  return {
    tasks: tasks || `${sv.desiredCount} desired, not observed yet`,
    targets: targets || (sv.loadBalanced ? 'not read this pass (settled service)' : 'no load balancer'),
  };
}

// ---------- plan ----------

function planView(name) {
  const out = h('div', {class: 'plan', id: 'plan'});
  const button = h('button', {type: 'button', id: 'compute-plan', onclick: async () => {
    button.disabled = true;
    button.textContent = 'Observing AWS…';
    try {
      state.plan = {app: name, at: new Date().toISOString(), plan: await read(`/plan/${encodeURIComponent(name)}`)};
    } catch (e) {
      state.plan = {app: name, at: new Date().toISOString(), error: e.message};
    }
    refresh();
  }}, 'Compute a fresh plan');
  out.append(h('p', {}, button, h('span', {class: 'sub'},
    ' Observes AWS afresh and shows what a cycle would do now; nothing is written.')));
  const p = state.plan && state.plan.app === name ? state.plan : null;
  if (!p) return out;
  if (p.error) {
    out.append(h('p', {class: 'error'}, p.error));
    return out;
  }
  out.append(h('p', {class: 'sub'}, `Computed ${when(p.at)}: `, h('strong', {id: 'plan-summary'},
    p.plan.changes === 0 ? 'no changes — AWS matches the spec' : `${p.plan.changes} change(s)`)));
  const verbs = {create: '+', update: '~', replace: '±', delete: '-', hold: '⏸'};
  const diff = h('div', {class: 'diff', id: 'plan-diff'});
  for (const a of p.plan.actions) {
    diff.append(h('div', {class: `action verb-${a.verb}`},
      h('div', {class: 'head'}, `${verbs[a.verb] || '•'} ${a.verb} ${a.kind} ${a.id}`,
        a.physicalName ? h('span', {class: 'sub'}, ` (${a.physicalName})`) : '',
        a.note ? h('span', {class: 'sub'}, ` — ${a.note}`) : ''),
      (a.changes || []).map(c => h('div', {class: 'change'},
        h('div', {class: 'minus'}, `- ${c.path}: ${c.actual}`),
        h('div', {class: 'plus'}, `+ ${c.path}: ${c.desired}`)))));
  }
  out.append(diff);
  return out;
}

// ---------- events ----------

async function eventsView(app) {
  const events = await read('/events');
  const f = state.eventFilter;
  const appFilter = app || f.app;
  const apps = [...new Set(events.map(e => e.application).filter(Boolean))].sort();
  const shown = events.filter(e => (!appFilter || e.application === appFilter) && (!f.type || e.type === f.type)
      && (!f.text || `${e.resource || ''} ${e.reason} ${e.message}`.toLowerCase().includes(f.text.toLowerCase())))
    .slice().reverse();
  const set = (key) => (e) => { state.eventFilter[key] = e.target.value; refresh(); };
  const filters = h('div', {class: 'filters'},
    app ? null : h('label', {}, 'Application ', h('select', {id: 'filter-app', onchange: set('app')},
      h('option', {value: ''}, 'all'), apps.map(a => h('option', {value: a, selected: a === f.app}, a)))),
    h('label', {}, 'Type ', h('select', {id: 'filter-type', onchange: set('type')},
      ['', 'ACTION', 'ERROR', 'SPEC'].map(t => h('option', {value: t, selected: t === f.type}, t || 'all')))),
    h('label', {}, 'Text ', h('input', {id: 'filter-text', type: 'search', value: f.text,
      onchange: set('text')})),
    h('span', {class: 'sub'}, `${shown.length} of ${events.length}`));
  return h('section', {class: 'card'}, h('h2', {}, 'Events'), filters,
    h('table', {class: 'grid', id: 'events-table'},
      h('thead', {}, h('tr', {}, ['Time', 'Type', 'Application', 'Resource', 'Reason', 'Message']
        .map(t => h('th', {}, t)))),
      h('tbody', {}, shown.length ? shown.map(e => h('tr', {class: `event type-${e.type}`},
        h('td', {class: 'nowrap'}, when(e.time)), h('td', {}, badge(e.type, e.type === 'ERROR' ? 'bad'
          : e.type === 'SPEC' ? 'warn' : 'unknown')),
        h('td', {}, e.application || '—'), h('td', {class: 'mono'}, e.resource || '—'), h('td', {}, e.reason),
        h('td', {}, e.message))) : h('tr', {}, h('td', {colspan: 6}, 'No events.')))));
}

// ---------- live updates ----------

async function poll() {
  try {
    const answer = await read('/view/revision');
    const live = document.getElementById('live');
    live.textContent = `live · ${new Date().toLocaleTimeString(undefined, {hour12: false})}`;
    live.className = 'live ok';
    if (answer.revision !== state.revision) {
      state.revision = answer.revision;
      await refresh();
    }
  } catch (e) {
    const live = document.getElementById('live');
    live.textContent = `disconnected: ${e.message}`;
    live.className = 'live bad';
  }
  setTimeout(poll, POLL_MS);
}

document.getElementById('token-form').addEventListener('submit', e => {
  e.preventDefault();
  closeTokenDialog(document.getElementById('token-input').value.trim());
});
document.getElementById('token-cancel').addEventListener('click', () => closeTokenDialog(null));
document.getElementById('forget-token').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  document.getElementById('forget-token').hidden = true;
  notice('The token is forgotten; the next action asks for it.', 'ok');
});
document.getElementById('forget-token').hidden = !sessionStorage.getItem(TOKEN_KEY);
window.addEventListener('hashchange', () => {
  state.selected = null;
  document.getElementById('notice').hidden = true;
  refresh();
});
poll();
