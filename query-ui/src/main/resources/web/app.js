// Trawl log search. Every piece of log content is set with textContent, never as HTML.
const $ = (id) => document.getElementById(id);
const LEVELS = new Set(['trace', 'debug', 'info', 'notice', 'warn', 'error', 'fatal', 'critical']);
const PAGE_SIZE = 200;
const LIVE_MAX_ROWS = 1000;
const DEFAULT_COLUMNS = ['kubernetes.namespace', 'kubernetes.pod.name', 'kubernetes.container.name', 'log.level', 'message'];
const COLUMN_TITLES = { 'kubernetes.namespace': 'Namespace', 'kubernetes.pod.name': 'Pod',
  'kubernetes.container.name': 'Container', 'log.level': 'Level', message: 'Message' };
const PICKERS = [['pick-namespace', 'kubernetes.namespace'], ['pick-pod', 'kubernetes.pod.name'],
  ['pick-container', 'kubernetes.container.name']];
const SAVED_KEY = 'trawl.saved-searches';

function field(doc, path) {
  if (doc && Object.prototype.hasOwnProperty.call(doc, path)) return doc[path];
  return path.split('.').reduce((v, k) => (v == null ? undefined : v[k]), doc);
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text == null ? '' : String(text);
  if (className) td.className = className;
  return td;
}

function button(text, className, onClick, label) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.textContent = text;
  if (label) {
    b.title = label;
    b.setAttribute('aria-label', label);
  }
  b.addEventListener('click', onClick);
  return b;
}

/** The message with the query's matches marked: odd pieces matched, every piece set as text. */
function messageCell(message, parts) {
  if (!Array.isArray(parts)) return cell(message, 'message');
  const td = cell('', 'message');
  td.append(...parts.map((piece, i) => {
    if (i % 2 === 0) return document.createTextNode(piece);
    const mark = document.createElement('mark');
    mark.textContent = piece;
    return mark;
  }));
  return td;
}

const INTERVALS = [['1s', 1e3], ['5s', 5e3], ['10s', 1e4], ['30s', 3e4], ['1m', 6e4], ['5m', 3e5], ['10m', 6e5],
  ['30m', 18e5], ['1h', 36e5], ['3h', 108e5], ['12h', 432e5], ['1d', 864e5]];
const UNIT_MS = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 };
const REFRESH_MS = { '5s': 5e3, '10s': 1e4, '30s': 3e4, '1m': 6e4, '5m': 3e5 };
let refreshTimer = null;
let state = stateFromParams(new URLSearchParams(location.search));
/** The signed-in session's CSRF token, echoed on the one state-changing request (sign out). */
const session = { csrf: '' };

function stateFromParams(params) {
  let filters = [];
  try {
    filters = JSON.parse(params.get('filters') || '[]');
  } catch (e) {
    filters = [];
  }
  const columns = (params.get('columns') || '').split(',').filter(Boolean);
  return {
    q: params.get('q') || '', from: params.get('from') || 'now-15m', to: params.get('to') || 'now',
    filters: Array.isArray(filters) ? filters.filter((f) => f && typeof f.field === 'string') : [],
    refresh: REFRESH_MS[params.get('refresh')] ? params.get('refresh') : '',
    columns: columns.length ? columns : DEFAULT_COLUMNS,
    doc: params.get('doc') || '',
    live: params.get('live') === '1',
  };
}

/** The whole view as URL parameters: what a shared link or the back button brings back. */
function urlParams(s, withDoc) {
  const params = new URLSearchParams({ q: s.q, from: s.from, to: s.to });
  if (s.filters.length) params.set('filters', JSON.stringify(s.filters));
  if (s.refresh) params.set('refresh', s.refresh);
  if (s.columns.join(',') !== DEFAULT_COLUMNS.join(',')) params.set('columns', s.columns.join(','));
  if (s.live) params.set('live', '1');
  if (withDoc && s.doc) params.set('doc', s.doc);
  return params;
}

/** The query, range and pills as API parameters, plus any extra ones. */
function apiParams(extra) {
  const params = new URLSearchParams({ q: state.q, from: state.from, to: state.to, ...extra });
  if (state.filters.length) params.set('filters', JSON.stringify(state.filters));
  return params;
}

async function getJson(path, params) {
  const response = await fetch(path + (params ? '?' + params : ''), { headers: { Accept: 'application/json' } });
  if (response.status === 401 && path !== '/api/session') showSignIn();
  return { ok: response.ok, status: response.status, body: await response.json() };
}

/** Who this page is for: open to everyone (auth.mode none), or signed in as someone, or the sign-in form. */
async function showAccess() {
  const { ok, body } = await getJson('/api/session');
  if (body.mode === 'none') {
    $('access-text').textContent = 'Local mode (auth.mode: none): this page and every log are open to everyone who can reach it.';
    return true;
  }
  if (!ok) {
    showSignIn();
    return false;
  }
  $('access-text').textContent = 'Signed in as ' + body.user + ' (' + body.mode + '): you see the namespaces where you may read pod logs.';
  session.csrf = body.csrf || '';
  $('signout').hidden = !body.csrf;
  return true;
}

function showSignIn() {
  $('signin-backdrop').hidden = false;
  $('token').focus();
}

async function signIn(event) {
  event.preventDefault();
  const response = await fetch('/api/session', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ token: $('token').value.trim() }) });
  $('token').value = '';
  if (response.ok) {
    location.reload();
    return;
  }
  $('signin-error').textContent = (await response.json()).error;
  $('signin-error').hidden = false;
}

async function signOut() {
  await fetch('/api/session', { method: 'DELETE', headers: { 'X-CSRF-Token': session.csrf } });
  location.reload();
}

/** Milliseconds of now, now-15m style or an ISO time. */
function toMillis(text) {
  const rel = /^now(?:-(\d+)([smhdw]))?$/.exec(text);
  return rel ? Date.now() - (rel[1] ? rel[1] * UNIT_MS[rel[2]] : 0) : Date.parse(text);
}

function chooseInterval(from, to) {
  const span = Math.max(1000, toMillis(to) - toMillis(from));
  const found = INTERVALS.find(([, ms]) => span / ms <= 80);
  return found ? found[0] : '1d';
}

function isQuickRange(s) {
  return s.to === 'now' && [...$('range').options].some((o) => o.value === s.from && o.value !== 'custom');
}

/** The quick range the select names, or "custom" with the range's ends in the two inputs. */
function showRange() {
  const quick = isQuickRange(state);
  $('range').value = quick ? state.from : 'custom';
  showCustomRange(!quick);
}

function showCustomRange(shown) {
  $('custom-range').hidden = !shown;
  if (shown) {
    $('from').value = state.from;
    $('to').value = state.to;
  }
}

async function drawHistogram() {
  const chart = $('histogram');
  const { ok, body } = await getJson('/api/histogram', apiParams({ interval: chooseInterval(state.from, state.to) }));
  if (!ok) return;
  const max = Math.max(1, ...body.buckets.map((b) => b.count));
  const bars = body.buckets.map((b) => {
    const bar = document.createElement('div');
    bar.className = 'bar';
    bar.dataset.key = String(b.key);
    bar.dataset.count = String(b.count);
    bar.title = new Date(b.key).toISOString() + ': ' + b.count + (b.count === 1 ? ' hit' : ' hits');
    for (const [level, count] of Object.entries(b.levels)) {
      const seg = document.createElement('div');
      seg.className = 'seg' + (LEVELS.has(level) ? ' level-' + level : '');
      seg.style.height = (100 * count / max) + '%';
      bar.append(seg);
    }
    return bar;
  });
  chart.replaceChildren($('selection'), ...bars);
  chart.dataset.intervalMs = String(INTERVALS.find(([name]) => name === body.interval)[1]);
}

function barAt(x) {
  const bars = [...$('histogram').querySelectorAll('.bar')];
  return bars.find((b) => { const r = b.getBoundingClientRect(); return x >= r.left && x <= r.right + 1; })
    || (bars.length && x < bars[0].getBoundingClientRect().left ? bars[0] : bars[bars.length - 1]);
}

function setupZoom() {
  const chart = $('histogram');
  const selection = $('selection');
  let startX = null;
  chart.addEventListener('mousedown', (e) => {
    startX = e.clientX;
    selection.hidden = false;
    selection.style.left = (e.clientX - chart.getBoundingClientRect().left) + 'px';
    selection.style.width = '0px';
  });
  chart.addEventListener('mousemove', (e) => {
    if (startX === null) return;
    const left = Math.min(startX, e.clientX) - chart.getBoundingClientRect().left;
    selection.style.left = left + 'px';
    selection.style.width = Math.abs(e.clientX - startX) + 'px';
  });
  window.addEventListener('mouseup', (e) => {
    if (startX === null) return;
    const a = barAt(Math.min(startX, e.clientX));
    const b = barAt(Math.max(startX, e.clientX));
    startX = null;
    selection.hidden = true;
    if (!a || !b) return;
    const from = Number(a.dataset.key);
    const to = Number(b.dataset.key) + Number(chart.dataset.intervalMs) - 1;
    navigate({ ...state, from: new Date(from).toISOString(), to: new Date(to).toISOString(), live: false });
  });
}

function navigate(next) {
  state = next;
  const url = '?' + urlParams(state, true);
  if (url !== location.search) history.pushState(null, '', url);
  run();
}

/** The selected document changes the URL in place: expanding rows is not a step for the back button. */
function selectDocument(id) {
  state = { ...state, doc: id };
  history.replaceState(null, '', '?' + urlParams(state, true));
}

function showError(message) {
  const box = $('error');
  box.textContent = message;
  box.hidden = !message;
}

let page = { generation: 0, after: null, shown: 0, total: 0, loading: false };
const rowHits = new WeakMap();

function drawColumnHeads() {
  const head = (text) => {
    const th = document.createElement('th');
    th.textContent = text;
    return th;
  };
  $('columns').replaceChildren(head('Time'), ...state.columns.map((name) => {
    const th = head(COLUMN_TITLES[name] || name);
    th.dataset.column = name;
    th.append(button('×', 'remove-column', () => toggleColumn(name), 'Remove column ' + name));
    return th;
  }));
}

function toggleColumn(name) {
  const columns = state.columns.includes(name) ? state.columns.filter((c) => c !== name) : [...state.columns, name];
  navigate({ ...state, columns: columns.length ? columns : DEFAULT_COLUMNS });
}

function columnToggle(name) {
  const shown = state.columns.includes(name);
  return button(shown ? '−' : '+', 'column-toggle' + (shown ? ' shown' : ''), () => toggleColumn(name),
    (shown ? 'Remove column ' : 'Add column ') + name);
}

function columnCell(name, src, hit) {
  if (name === 'message') return messageCell(src.message, hit.message_parts);
  const value = field(src, name);
  if (name === 'log.level') return cell(value == null ? '' : String(value).toLowerCase(), 'level');
  return cell(value !== null && typeof value === 'object' ? JSON.stringify(value) : value);
}

function hitRow(hit) {
  const src = hit._source || {};
  const level = String(field(src, 'log.level') || '').toLowerCase();
  const row = document.createElement('tr');
  row.className = 'hit' + (LEVELS.has(level) ? ' level-' + level : '');
  row.dataset.id = hit._id;
  row.append(cell(src['@timestamp'], 'time'), ...state.columns.map((name) => columnCell(name, src, hit)));
  row.tabIndex = 0;
  row.addEventListener('click', () => toggleDetail(row, hit));
  row.addEventListener('keydown', (e) => { if (e.key === 'Enter') toggleDetail(row, hit); });
  rowHits.set(row, hit);
  return row;
}

function renderHits(body, append) {
  const tbody = $('results').tBodies[0];
  if (!append) {
    tbody.replaceChildren();
    drawFieldList(body.hits);
  }
  tbody.append(...body.hits.map(hitRow));
  if (!append && body.hits.length) performance.mark('trawl:first-rows');
  page.shown = append ? page.shown + body.hits.length : body.hits.length;
  page.total = body.total;
  page.after = body.hits.length === PAGE_SIZE ? body.hits[body.hits.length - 1].sort : null;
  $('summary').textContent = body.total + (body.total === 1 ? ' hit' : ' hits')
    + (body.total > page.shown ? ', newest ' + page.shown + ' shown' : '');
}

/** The next page when the end of the table scrolls into view (search_after). */
async function loadMore() {
  if (!page.after || page.loading || state.live) return;
  page.loading = true;
  const generation = page.generation;
  try {
    const { ok, body } = await getJson('/api/search', apiParams({ size: PAGE_SIZE, after: JSON.stringify(page.after) }));
    if (ok && generation === page.generation) renderHits(body, true);
  } finally {
    page.loading = false;
  }
}

/** A document's leaves by dotted path, arrays as JSON. */
function flatten(value, prefix, out) {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? prefix + '.' + key : key, out);
  } else {
    out.push([prefix, Array.isArray(value) ? JSON.stringify(value) : String(value)]);
  }
  return out;
}

/**
 * Every field the first page of hits holds, each with a button that adds or removes it as a column;
 * clicking a name shows its top values in that page, as Kibana does from its sample.
 */
function drawFieldList(hits) {
  const values = new Map();
  for (const hit of hits) {
    for (const [name, value] of flatten(hit._source || {}, '', [])) {
      if (!values.has(name)) values.set(name, []);
      values.get(name).push(value);
    }
  }
  values.delete('@timestamp');
  $('field-list').replaceChildren(...[...values.keys()].sort().map((name) => {
    const item = document.createElement('li');
    item.dataset.field = name;
    const label = button(name, 'name', () => toggleSampleValues(item, name, values.get(name), hits.length),
      'Top values of ' + name + ' in the newest ' + hits.length + ' lines');
    item.append(label, columnToggle(name));
    return item;
  }));
}

function toggleSampleValues(item, name, values, sampleSize) {
  const open = item.querySelector('.sample');
  if (open) {
    open.remove();
    return;
  }
  const counts = new Map();
  for (const v of values) counts.set(v, (counts.get(v) || 0) + 1);
  const list = document.createElement('div');
  list.className = 'sample';
  list.append(...[...counts].sort((a, b) => b[1] - a[1]).slice(0, 5)
    .map(([value, count]) => valueRow(name, value, count, sampleSize)));
  item.append(list);
}

/** One value of a field with its share and the + / − filter buttons, all set as text. */
function valueRow(fieldName, value, count, total) {
  const row = document.createElement('div');
  row.className = 'value';
  row.dataset.field = fieldName;
  row.dataset.value = value;
  const label = document.createElement('span');
  label.className = 'name';
  label.textContent = value;
  label.title = value;
  const share = document.createElement('span');
  share.className = 'share';
  share.textContent = Math.round(100 * count / Math.max(1, total)) + '%';
  row.append(label, share, filterButton(fieldName, value, false), filterButton(fieldName, value, true));
  return row;
}

/** The whole document under its row: a field table or the JSON, a copy button, surrounding lines. */
function toggleDetail(row, hit) {
  const next = row.nextElementSibling;
  if (next && next.classList.contains('detail')) {
    next.remove();
    if (state.doc === hit._id) selectDocument('');
    return;
  }
  selectDocument(hit._id);
  const detail = document.createElement('tr');
  detail.className = 'detail';
  const td = document.createElement('td');
  td.colSpan = state.columns.length + 1;
  const whole = { _id: hit._id, _index: hit._index, ...hit._source };
  const json = JSON.stringify(whole, null, 2);
  const pre = document.createElement('pre');
  pre.textContent = json;
  pre.hidden = true;
  const table = document.createElement('table');
  table.className = 'document';
  for (const [name, value] of flatten(whole, '', [])) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.textContent = name;
    const tools = document.createElement('td');
    if (!name.startsWith('_') && name !== '@timestamp') tools.append(columnToggle(name));
    tr.append(tools, th, cell(value));
    table.append(tr);
  }
  const show = (asJson) => { pre.hidden = !asJson; table.hidden = asJson; };
  const copyButton = (text, className, value) => {
    const b = button(text, className, () => navigator.clipboard.writeText(value()).then(
      () => { b.textContent = 'Copied'; }, () => { b.textContent = 'Copy failed'; }));
    return b;
  };
  const surrounding = button('Surrounding lines', 'surrounding', () => showContext(td, hit, surrounding));
  const tools = document.createElement('div');
  tools.className = 'tools';
  // a link for an incident channel: absolute times around the line, so it shows the same later
  const link = () => {
    const at = timeMillis(hit);
    const around = Number.isNaN(at) ? {} : { from: new Date(at - 3e5).toISOString(), to: new Date(at + 3e5).toISOString() };
    return location.origin + location.pathname + '?'
      + urlParams({ ...state, ...around, live: false, refresh: '', doc: hit._id }, true);
  };
  tools.append(button('Table', 'as-table', () => show(false)), button('JSON', 'as-json', () => show(true)),
    copyButton('Copy JSON', 'copy', () => json), copyButton('Copy link', 'copy-link', link), surrounding);
  td.append(tools, table, pre);
  detail.append(td);
  row.after(detail);
}

/** The document the URL names, expanded: from the results, or fetched and pinned above them. */
async function openSelectedDocument() {
  if (!state.doc) return;
  const tbody = $('results').tBodies[0];
  let row = [...tbody.querySelectorAll('tr.hit')].find((r) => r.dataset.id === state.doc);
  if (!row) {
    const { ok, body } = await getJson('/api/context', new URLSearchParams({ id: state.doc, size: 0 }));
    if (!ok) {
      showError(body.error || 'the linked document cannot be shown');
      return;
    }
    row = hitRow(body.hit);
    row.classList.add('pinned');
    tbody.prepend(row);
  }
  const next = row.nextElementSibling;
  if (!next || !next.classList.contains('detail')) toggleDetail(row, rowHits.get(row));
  row.scrollIntoView({ block: 'center' });
}

function addFilter(fieldName, value, negate) {
  const others = state.filters.filter((f) => !(f.field === fieldName && f.value === value));
  navigate({ ...state, filters: [...others, { field: fieldName, value, negate }] });
}

/** The filters as pills: click one to negate it, × to remove it. */
function drawPills() {
  $('pills').replaceChildren(...state.filters.map((f, i) => {
    const pill = document.createElement('span');
    pill.className = 'pill' + (f.negate ? ' negated' : '');
    const toggle = button((f.negate ? 'NOT ' : '') + f.field + ': ' + f.value, 'toggle', () => navigate({ ...state,
      filters: state.filters.map((g, j) => (j === i ? { ...g, negate: !g.negate } : g)) }));
    toggle.title = f.negate ? 'Click to include' : 'Click to exclude';
    const remove = button('×', 'remove', () => navigate({ ...state, filters: state.filters.filter((g, j) => j !== i) }),
      'Remove filter ' + f.field + ': ' + f.value);
    pill.append(toggle, remove);
    return pill;
  }));
}

function filterButton(fieldName, value, negate) {
  return button(negate ? '−' : '+', negate ? 'exclude' : 'include', () => addFilter(fieldName, value, negate),
    (negate ? 'Without ' : 'Only ') + fieldName + ' = ' + value);
}

async function drawFields() {
  const { ok, body } = await getJson('/api/fields', apiParams({}));
  const aside = $('fields');
  if (!ok) {
    aside.replaceChildren();
    return;
  }
  aside.replaceChildren(...body.fields.flatMap((f) => {
    const heading = document.createElement('h3');
    heading.textContent = f.field;
    return [heading, ...f.values.map((v) => valueRow(f.field, v.value, v.count, body.total))];
  }));
}

function pickedValue(fieldName) {
  const pill = state.filters.find((f) => f.field === fieldName && !f.negate);
  return pill ? String(pill.value) : '';
}

/** Namespace, pod and container pickers: each lists what the range holds within the pickers above it. */
async function drawPickers() {
  await Promise.all(PICKERS.map(async ([id, fieldName], level) => {
    const above = PICKERS.slice(0, level).map(([, f]) => f);
    const narrowing = state.filters.filter((f) => !f.negate && above.includes(f.field));
    const params = new URLSearchParams({ field: fieldName, from: state.from, to: state.to });
    if (narrowing.length) params.set('filters', JSON.stringify(narrowing));
    const { ok, body } = await getJson('/api/values', params);
    const select = $(id);
    const chosen = pickedValue(fieldName);
    const values = ok ? body.values.map((v) => v.value) : [];
    if (chosen && !values.includes(chosen)) values.unshift(chosen);
    select.replaceChildren(select.options[0], ...values.map((value) => {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = value;
      return option;
    }));
    select.value = chosen;
  }));
}

/** A picker sets the pill of its field and drops the pickers' pills below it. */
function pick(level, value) {
  const dropped = PICKERS.slice(level).map(([, f]) => f);
  const filters = state.filters.filter((f) => !dropped.includes(f.field));
  if (value) filters.push({ field: PICKERS[level][1], value, negate: false });
  navigate({ ...state, filters });
}

/** The lines just before and after a hit in its container, the hit marked. */
async function showContext(td, hit, trigger) {
  const { ok, body } = await getJson('/api/context', new URLSearchParams({ id: hit._id, size: 5 }));
  const list = document.createElement('ol');
  list.className = 'context';
  const line = (h, current) => {
    const item = document.createElement('li');
    item.className = current ? 'current' : '';
    item.textContent = (h._source['@timestamp'] || '') + '  ' + (h._source.message || '');
    return item;
  };
  if (ok) {
    list.append(...body.before.map((h) => line(h, false)), line(body.hit, true), ...body.after.map((h) => line(h, false)));
  } else {
    const item = document.createElement('li');
    item.textContent = body.error || 'context unavailable';
    list.append(item);
  }
  trigger.remove();
  td.append(list);
}

// ---- live tail: Server-Sent Events from /api/tail, newest on top, at most LIVE_MAX_ROWS rows kept

const live = { source: null, lastId: '', added: 0, skipped: 0, paused: false };

function stopLive() {
  if (live.source) live.source.close();
  live.source = null;
}

/** The newest shown line's time in milliseconds: the tail sends what comes after it. */
function newestShownMillis() {
  const row = $('results').tBodies[0].querySelector('tr.hit:not(.pinned)');
  const millis = row ? timeMillis(rowHits.get(row)) : NaN;
  return Number.isNaN(millis) ? Date.now() : millis;
}

/** A hit's @timestamp in milliseconds (its nanoseconds cut: Date takes three digits), or NaN. */
function timeMillis(hit) {
  return Date.parse(String(hit._source['@timestamp']).replace(/(\.\d{3})\d+/, '$1'));
}

function startLive() {
  stopLive();
  const params = apiParams({ since: live.lastId || String(newestShownMillis()) });
  params.delete('from');
  params.delete('to');
  const source = new EventSource('/api/tail?' + params);
  live.source = source;
  live.paused = false;
  source.addEventListener('hits', (e) => {
    live.lastId = e.lastEventId;
    const body = JSON.parse(e.data);
    prependHits(body.hits);
    live.skipped += body.skipped;
    showError('');
    showLiveSummary();
  });
  source.addEventListener('indexer-error', (e) => showError(JSON.parse(e.data).error));
  showLiveSummary();
}

function prependHits(hits) {
  const tbody = $('results').tBodies[0];
  for (const hit of hits) {
    const row = hitRow(hit);
    row.classList.add('new');
    tbody.prepend(row);
  }
  live.added += hits.length;
  const rows = tbody.querySelectorAll('tr.hit');
  for (let i = rows.length - 1; i >= LIVE_MAX_ROWS; i--) {
    const extra = rows[i].nextElementSibling;
    if (extra && extra.classList.contains('detail')) extra.remove();
    rows[i].remove();
  }
}

function showLiveSummary() {
  $('summary').textContent = (live.paused ? 'Live tail paused: ' : 'Live: ') + live.added
    + (live.added === 1 ? ' new line' : ' new lines')
    + (live.skipped ? ', ' + live.skipped + ' skipped (more than 500 each half second: narrow the query)' : '')
    + '; the newest ' + LIVE_MAX_ROWS + ' lines are kept';
  $('pause').textContent = live.paused ? 'Resume' : 'Pause';
}

function togglePause() {
  if (live.paused) {
    startLive();
  } else {
    stopLive();
    live.paused = true;
    showLiveSummary();
  }
}

// ---- saved searches: the team's from the server's saved_searches.file, one's own in this browser

function ownSaved() {
  try {
    const saved = JSON.parse(localStorage.getItem(SAVED_KEY) || '{}');
    return saved && typeof saved === 'object' ? saved : {};
  } catch (e) {
    return {};
  }
}

let teamSaved = [];

function drawSaved() {
  const select = $('saved');
  const group = (label, entries) => {
    const g = document.createElement('optgroup');
    g.label = label;
    g.append(...entries.map(([value, name]) => {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = name;
      return option;
    }));
    return g;
  };
  const mine = Object.keys(ownSaved()).sort();
  select.replaceChildren(select.options[0],
    ...(mine.length ? [group('Mine (this browser)', mine.map((n) => ['mine:' + n, n]))] : []),
    ...(teamSaved.length ? [group('Team', teamSaved.map((s) => ['team:' + s.name, s.name]))] : []));
  const current = urlParams(state, false).toString();
  const match = mine.find((n) => ownSaved()[n] === current);
  select.value = match ? 'mine:' + match : '';
  $('unsave').hidden = !match;
}

function saveSearch() {
  const name = $('save-name').value.trim();
  if (!name) {
    showError('name the search to save it');
    return;
  }
  localStorage.setItem(SAVED_KEY, JSON.stringify({ ...ownSaved(), [name]: urlParams(state, false).toString() }));
  $('save-name').value = '';
  showError('');
  drawSaved();
}

function openSaved(value) {
  if (value.startsWith('mine:')) {
    const params = ownSaved()[value.slice(5)];
    if (params !== undefined) navigate(stateFromParams(new URLSearchParams(params)));
  } else if (value.startsWith('team:')) {
    const saved = teamSaved.find((s) => s.name === value.slice(5));
    if (saved) navigate({ ...state, q: saved.query, filters: [], doc: '' });
  }
}

function deleteSaved() {
  const value = $('saved').value;
  if (!value.startsWith('mine:')) return;
  const saved = ownSaved();
  delete saved[value.slice(5)];
  localStorage.setItem(SAVED_KEY, JSON.stringify(saved));
  drawSaved();
}

// ---- field-name completion in the query bar

let fieldNames = [];
let suggest = { items: [], active: -1, token: null };

/** The field-name-like word before the cursor, unless it is a value (after ':') or an operator. */
function tokenAtCursor(input) {
  const before = input.value.slice(0, input.selectionStart);
  const m = /[A-Za-z0-9_.@*-]+$/.exec(before);
  if (!m || (m.index > 0 && /[:\\"]/.test(before[m.index - 1])) || /^(AND|OR|NOT|TO)$/.test(m[0])) return null;
  return { start: m.index, end: input.selectionStart, text: m[0] };
}

function showSuggestions() {
  const input = $('q');
  const token = tokenAtCursor(input);
  const prefix = token ? token.text.toLowerCase() : '';
  const items = !token ? [] : [
    ...fieldNames.filter((n) => n.toLowerCase().startsWith(prefix)),
    ...fieldNames.filter((n) => !n.toLowerCase().startsWith(prefix) && n.toLowerCase().includes('.' + prefix)),
  ].filter((n) => n !== token.text).slice(0, 12);
  suggest = { items, active: -1, token };
  drawSuggestions();
}

function drawSuggestions() {
  const list = $('suggestions');
  list.replaceChildren(...suggest.items.map((name, i) => {
    const item = document.createElement('li');
    item.setAttribute('role', 'option');
    item.id = 'suggestion-' + i;
    item.textContent = name;
    item.className = i === suggest.active ? 'active' : '';
    item.setAttribute('aria-selected', String(i === suggest.active));
    item.addEventListener('mousedown', (e) => {
      e.preventDefault();
      acceptSuggestion(i);
    });
    return item;
  }));
  list.hidden = !suggest.items.length;
  $('q').setAttribute('aria-expanded', String(!list.hidden));
  if (suggest.active >= 0) $('q').setAttribute('aria-activedescendant', 'suggestion-' + suggest.active);
  else $('q').removeAttribute('aria-activedescendant');
}

function acceptSuggestion(i) {
  const input = $('q');
  const { token } = suggest;
  const name = suggest.items[i];
  input.value = input.value.slice(0, token.start) + name + ':' + input.value.slice(token.end);
  const at = token.start + name.length + 1;
  input.setSelectionRange(at, at);
  suggest = { items: [], active: -1, token: null };
  drawSuggestions();
}

function onQueryKey(e) {
  if ($('suggestions').hidden) return;
  const n = suggest.items.length;
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    if (e.key === 'ArrowDown') suggest.active = (suggest.active + 1) % n;
    else suggest.active = suggest.active <= 0 ? n - 1 : suggest.active - 1;
    drawSuggestions();
  } else if (e.key === 'Tab' || (e.key === 'Enter' && suggest.active >= 0)) {
    e.preventDefault();
    acceptSuggestion(Math.max(0, suggest.active));
  } else if (e.key === 'Escape') {
    suggest = { items: [], active: -1, token: null };
    drawSuggestions();
  }
}

async function loadFieldNames() {
  try {
    const { ok, body } = await getJson('/api/fieldnames');
    if (ok) fieldNames = body.fields.map((f) => f.name);
  } catch (e) {
    fieldNames = [];
  }
}

async function loadTeamSaved() {
  try {
    const { ok, body } = await getJson('/api/saved');
    teamSaved = ok ? body.saved : [];
  } catch (e) {
    teamSaved = [];
  }
  drawSaved();
}

// ---- one search: results, histogram, sidebar and pickers for the state

async function run() {
  page = { generation: page.generation + 1, after: null, shown: 0, total: 0, loading: false };
  const generation = page.generation;
  stopLive();
  Object.assign(live, { lastId: '', added: 0, skipped: 0, paused: false });
  $('q').value = state.q;
  $('refresh').value = state.refresh;
  $('live').setAttribute('aria-pressed', String(state.live));
  $('pause').hidden = !state.live;
  clearTimeout(refreshTimer);
  if (state.refresh && !state.live) refreshTimer = setTimeout(run, REFRESH_MS[state.refresh]);
  showRange();
  drawPills();
  drawColumnHeads();
  drawSaved();
  drawHistogram();
  drawFields();
  drawPickers();
  $('summary').textContent = 'Searching…';
  try {
    const { ok, status, body } = await getJson('/api/search', apiParams({ size: PAGE_SIZE }));
    if (generation !== page.generation) return;
    if (!ok) {
      showError(body.error || ('search failed with status ' + status));
      $('summary').textContent = '';
      $('results').tBodies[0].replaceChildren();
      return;
    }
    showError('');
    renderHits(body, false);
    await openSelectedDocument();
    if (state.live && generation === page.generation) {
      page.after = null;
      startLive();
    }
  } catch (e) {
    showError('search failed: ' + e.message);
    $('summary').textContent = '';
  }
}

$('search').addEventListener('submit', (event) => {
  event.preventDefault();
  const custom = $('range').value === 'custom';
  navigate({ ...state, q: $('q').value.trim(), from: custom ? $('from').value.trim() || 'now-15m' : $('range').value,
    to: custom ? $('to').value.trim() || 'now' : 'now', refresh: $('refresh').value, doc: '',
    live: state.live && !custom });
});
$('range').addEventListener('change', () => {
  if ($('range').value === 'custom') showCustomRange(true);
  else $('search').requestSubmit();
});
$('refresh').addEventListener('change', () => $('search').requestSubmit());
$('live').addEventListener('click', () => navigate(state.live ? { ...state, live: false }
  : { ...state, live: true, refresh: '', doc: '', ...(isQuickRange(state) ? {} : { from: 'now-15m', to: 'now' }) }));
$('pause').addEventListener('click', togglePause);
PICKERS.forEach(([id], level) => $(id).addEventListener('change', () => pick(level, $(id).value)));
$('saved').addEventListener('change', () => openSaved($('saved').value));
$('save').addEventListener('click', saveSearch);
$('unsave').addEventListener('click', deleteSaved);
$('q').addEventListener('input', showSuggestions);
$('q').addEventListener('keydown', onQueryKey);
$('q').addEventListener('blur', () => { suggest = { items: [], active: -1, token: null }; drawSuggestions(); });
window.addEventListener('popstate', () => { state = stateFromParams(new URLSearchParams(location.search)); run(); });
setupZoom();
new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) loadMore(); }).observe($('more'));
$('signin').addEventListener('submit', signIn);
$('signout').addEventListener('click', signOut);
if (await showAccess()) {
  loadFieldNames();
  loadTeamSaved();
  run();
}
