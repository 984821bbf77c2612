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

function stateFromUrl() {
  const params = new URLSearchParams(location.search);
  return { q: params.get('q') || '', from: params.get('from') || 'now-15m', to: params.get('to') || 'now' };
}

function showError(message) {
  const box = $('error');
  box.textContent = message;
  box.hidden = !message;
}

function renderHits(body) {
  const tbody = $('results').tBodies[0];
  tbody.replaceChildren();
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
      cell(src.message, 'message'));
    row.tabIndex = 0;
    row.addEventListener('click', () => toggleDetail(row, hit));
    row.addEventListener('keydown', (e) => { if (e.key === 'Enter') toggleDetail(row, hit); });
    tbody.append(row);
  }
  $('summary').textContent = body.total + (body.total === 1 ? ' hit' : ' hits')
    + (body.total > body.hits.length ? ', newest ' + body.hits.length + ' shown' : '');
}

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
  const pre = document.createElement('pre');
  pre.textContent = JSON.stringify({ _id: hit._id, _index: hit._index, ...hit._source }, null, 2);
  td.append(pre);
  detail.append(td);
  row.after(detail);
}

async function run(state) {
  $('q').value = state.q;
  $('range').value = state.from;
  const params = new URLSearchParams({ q: state.q, from: state.from, to: state.to, size: PAGE_SIZE });
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
    renderHits(body);
  } catch (e) {
    showError('search failed: ' + e.message);
    $('summary').textContent = '';
  }
}

$('search').addEventListener('submit', (event) => {
  event.preventDefault();
  const state = { q: $('q').value.trim(), from: $('range').value, to: 'now' };
  const url = '?' + new URLSearchParams(state);
  if (url !== location.search) history.pushState(state, '', url);
  run(state);
});
$('range').addEventListener('change', () => $('search').requestSubmit());
window.addEventListener('popstate', () => run(stateFromUrl()));
run(stateFromUrl());
