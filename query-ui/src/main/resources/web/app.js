// Trawl log search. Every piece of log content is set with textContent, never as HTML.
const $ = (id) => document.getElementById(id);
const LEVELS = new Set(['trace', 'debug', 'info', 'notice', 'warn', 'error', 'fatal', 'critical']);
const PAGE_SIZE = 200;

function field(doc, path) {
  return path.split('.').reduce((v, k) => (v == null ? undefined : v[k]), doc);
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text == null ? '' : String(text);
  if (className) td.className = className;
  return td;
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
let state = stateFromUrl();

function stateFromUrl() {
  const params = new URLSearchParams(location.search);
  let filters = [];
  try {
    filters = JSON.parse(params.get('filters') || '[]');
  } catch (e) {
    filters = [];
  }
  return {
    q: params.get('q') || '', from: params.get('from') || 'now-15m', to: params.get('to') || 'now',
    filters: Array.isArray(filters) ? filters.filter((f) => f && typeof f.field === 'string') : [],
    refresh: REFRESH_MS[params.get('refresh')] ? params.get('refresh') : '',
  };
}

/** The query, range and pills as API parameters, plus any extra ones. */
function apiParams(extra) {
  const params = new URLSearchParams({ q: state.q, from: state.from, to: state.to, ...extra });
  if (state.filters.length) params.set('filters', JSON.stringify(state.filters));
  return params;
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

/** The quick range the select names, or "custom" with the range's ends in the two inputs. */
function showRange() {
  const select = $('range');
  const quick = state.to === 'now' && [...select.options].some((o) => o.value === state.from && o.value !== 'custom');
  select.value = quick ? state.from : 'custom';
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
  const params = apiParams({ interval: chooseInterval(state.from, state.to) });
  const response = await fetch('/api/histogram?' + params, { headers: { Accept: 'application/json' } });
  if (!response.ok) return;
  const body = await response.json();
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
    navigate({ ...state, from: new Date(from).toISOString(), to: new Date(to).toISOString() });
  });
}

function navigate(next) {
  state = next;
  const params = new URLSearchParams({ q: state.q, from: state.from, to: state.to });
  if (state.filters.length) params.set('filters', JSON.stringify(state.filters));
  if (state.refresh) params.set('refresh', state.refresh);
  const url = '?' + params;
  if (url !== location.search) history.pushState(null, '', url);
  run();
}

function showError(message) {
  const box = $('error');
  box.textContent = message;
  box.hidden = !message;
}

let page = { generation: 0, after: null, shown: 0, total: 0, loading: false };

function renderHits(body, append) {
  const tbody = $('results').tBodies[0];
  if (!append) tbody.replaceChildren();
  for (const hit of body.hits) {
    const src = hit._source || {};
    const level = String(field(src, 'log.level') || '').toLowerCase();
    const row = document.createElement('tr');
    row.className = 'hit' + (LEVELS.has(level) ? ' level-' + level : '');
    row.append(
      cell(src['@timestamp'], 'time'),
      cell(field(src, 'kubernetes.namespace')),
      cell(field(src, 'kubernetes.pod.name')),
      cell(field(src, 'kubernetes.container.name')),
      cell(level, 'level'),
      messageCell(src.message, hit.message_parts));
    row.tabIndex = 0;
    row.addEventListener('click', () => toggleDetail(row, hit));
    row.addEventListener('keydown', (e) => { if (e.key === 'Enter') toggleDetail(row, hit); });
    tbody.append(row);
  }
  page.shown = append ? page.shown + body.hits.length : body.hits.length;
  page.total = body.total;
  page.after = body.hits.length === PAGE_SIZE ? body.hits[body.hits.length - 1].sort : null;
  $('summary').textContent = body.total + (body.total === 1 ? ' hit' : ' hits')
    + (body.total > page.shown ? ', newest ' + page.shown + ' shown' : '');
}

/** The next page when the end of the table scrolls into view (search_after). */
async function loadMore() {
  if (!page.after || page.loading) return;
  page.loading = true;
  const generation = page.generation;
  const params = apiParams({ size: PAGE_SIZE, after: JSON.stringify(page.after) });
  try {
    const response = await fetch('/api/search?' + params, { headers: { Accept: 'application/json' } });
    if (response.ok && generation === page.generation) renderHits(await response.json(), true);
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

function button(text, className, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}

/** The whole document under its row: a field table or the JSON, a copy button, surrounding lines. */
function toggleDetail(row, hit) {
  const next = row.nextElementSibling;
  if (next && next.classList.contains('detail')) {
    next.remove();
    return;
  }
  const detail = document.createElement('tr');
  detail.className = 'detail';
  const td = document.createElement('td');
  td.colSpan = 6;
  const json = JSON.stringify({ _id: hit._id, _index: hit._index, ...hit._source }, null, 2);
  const pre = document.createElement('pre');
  pre.textContent = json;
  pre.hidden = true;
  const table = document.createElement('table');
  table.className = 'document';
  for (const [name, value] of flatten({ _id: hit._id, _index: hit._index, ...hit._source }, '', [])) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.textContent = name;
    tr.append(th, cell(value));
    table.append(tr);
  }
  const show = (asJson) => { pre.hidden = !asJson; table.hidden = asJson; };
  const copy = button('Copy JSON', 'copy', () => navigator.clipboard.writeText(json).then(
    () => { copy.textContent = 'Copied'; }, () => { copy.textContent = 'Copy failed'; }));
  const surrounding = button('Surrounding lines', 'surrounding', () => showContext(td, hit, surrounding));
  const tools = document.createElement('div');
  tools.className = 'tools';
  tools.append(button('Table', 'as-table', () => show(false)), button('JSON', 'as-json', () => show(true)), copy, surrounding);
  td.append(tools, table, pre);
  detail.append(td);
  row.after(detail);
}

function addFilter(field, value, negate) {
  const others = state.filters.filter((f) => !(f.field === field && f.value === value));
  navigate({ ...state, filters: [...others, { field, value, negate }] });
}

/** The filters as pills: click one to negate it, × to remove it. */
function drawPills() {
  $('pills').replaceChildren(...state.filters.map((f, i) => {
    const pill = document.createElement('span');
    pill.className = 'pill' + (f.negate ? ' negated' : '');
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'toggle';
    toggle.textContent = (f.negate ? 'NOT ' : '') + f.field + ': ' + f.value;
    toggle.title = f.negate ? 'Click to include' : 'Click to exclude';
    toggle.addEventListener('click', () => navigate({ ...state,
      filters: state.filters.map((g, j) => (j === i ? { ...g, negate: !g.negate } : g)) }));
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'remove';
    remove.textContent = '×';
    remove.setAttribute('aria-label', 'Remove filter ' + f.field + ': ' + f.value);
    remove.addEventListener('click', () => navigate({ ...state, filters: state.filters.filter((g, j) => j !== i) }));
    pill.append(toggle, remove);
    return pill;
  }));
}

function filterButton(field, value, negate) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = negate ? 'exclude' : 'include';
  button.textContent = negate ? '−' : '+';
  button.title = (negate ? 'Without ' : 'Only ') + field + ' = ' + value;
  button.addEventListener('click', () => addFilter(field, value, negate));
  return button;
}

async function drawFields() {
  const params = apiParams({});
  const response = await fetch('/api/fields?' + params, { headers: { Accept: 'application/json' } });
  const aside = $('fields');
  if (!response.ok) {
    aside.replaceChildren();
    return;
  }
  const body = await response.json();
  aside.replaceChildren(...body.fields.flatMap((f) => {
    const heading = document.createElement('h3');
    heading.textContent = f.field;
    return [heading, ...f.values.map((v) => {
      const row = document.createElement('div');
      row.className = 'value';
      row.dataset.field = f.field;
      row.dataset.value = v.value;
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = v.value;
      name.title = v.value;
      const share = document.createElement('span');
      share.className = 'share';
      share.textContent = Math.round(100 * v.count / Math.max(1, body.total)) + '%';
      row.append(name, share, filterButton(f.field, v.value, false), filterButton(f.field, v.value, true));
      return row;
    })];
  }));
}

/** The lines just before and after a hit in its container, the hit marked. */
async function showContext(td, hit, trigger) {
  const response = await fetch('/api/context?' + new URLSearchParams({ id: hit._id, size: 5 }));
  const body = await response.json();
  const list = document.createElement('ol');
  list.className = 'context';
  if (!response.ok) {
    const item = document.createElement('li');
    item.textContent = body.error || 'context unavailable';
    list.append(item);
  }
  const line = (h, current) => {
    const item = document.createElement('li');
    item.className = current ? 'current' : '';
    item.textContent = (h._source['@timestamp'] || '') + '  ' + (h._source.message || '');
    return item;
  };
  if (response.ok) {
    list.append(...body.before.map((h) => line(h, false)), line(body.hit, true), ...body.after.map((h) => line(h, false)));
  }
  trigger.remove();
  td.append(list);
}

async function run() {
  page = { generation: page.generation + 1, after: null, shown: 0, total: 0, loading: false };
  $('q').value = state.q;
  $('refresh').value = state.refresh;
  clearTimeout(refreshTimer);
  if (state.refresh) refreshTimer = setTimeout(run, REFRESH_MS[state.refresh]);
  showRange();
  drawPills();
  drawHistogram();
  drawFields();
  const params = apiParams({ size: PAGE_SIZE });
  $('summary').textContent = 'Searching…';
  try {
    const response = await fetch('/api/search?' + params, { headers: { Accept: 'application/json' } });
    const body = await response.json();
    if (!response.ok) {
      showError(body.error || ('search failed with status ' + response.status));
      $('summary').textContent = '';
      $('results').tBodies[0].replaceChildren();
      return;
    }
    showError('');
    renderHits(body, false);
  } catch (e) {
    showError('search failed: ' + e.message);
    $('summary').textContent = '';
  }
}

$('search').addEventListener('submit', (event) => {
  event.preventDefault();
  const custom = $('range').value === 'custom';
  navigate({ ...state, q: $('q').value.trim(), from: custom ? $('from').value.trim() || 'now-15m' : $('range').value,
    to: custom ? $('to').value.trim() || 'now' : 'now', refresh: $('refresh').value });
});
$('range').addEventListener('change', () => {
  if ($('range').value === 'custom') showCustomRange(true);
  else $('search').requestSubmit();
});
$('refresh').addEventListener('change', () => $('search').requestSubmit());
window.addEventListener('popstate', () => { state = stateFromUrl(); run(); });
setupZoom();
new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) loadMore(); }).observe($('more'));
run();
