// The analyst page. Every piece of text from a post or the API reaches the DOM through
// textContent, text nodes or attribute values (never innerHTML), and nothing is loaded from
// anywhere but this server (the Content-Security-Policy enforces it too).

const $ = (id) => document.getElementById(id);

/** createElement with safe props: `text` -> textContent, `class`, `dataset`, `on*` listeners, attributes. */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const CATEGORIES = ['journey_offer', 'document_fraud', 'route_guidance', 'contact_handoff', 'exploitation_recruitment'];
const pct = (x) => `${(x * 100).toFixed(1)}%`;
const signed = (x) => (x >= 0 ? '+' : '−') + Math.abs(x).toFixed(2);
const human = (id) => id.replace(/_/g, ' ');
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
// A language code or locale tag, as the server accepts it (src/semantic/language-code.ts reads
// `en-US` as en and `fa-AF` as prs): checked here so a bad one is reported on its own row.
const LANGUAGE_TAG = /^[a-z]{2,3}(?:[-_][a-z0-9]{1,8})*$/i;
const LANGUAGE_ERROR = 'lang: expected an ISO 639 code such as "ar" or "en" (or a locale tag such as "en-US")';
/** A row's language: absent, a tag (trimmed), or an error message when it is neither. */
function rowLanguage(value) {
  if (value === undefined || value === null || value === '') return {};
  const tag = typeof value === 'string' ? value.trim() : undefined;
  return tag !== undefined && LANGUAGE_TAG.test(tag) ? { lang: tag } : { error: LANGUAGE_ERROR };
}

let limits = { maxBodyBytes: 1024 * 1024, maxPosts: 1000 };

// ---------------------------------------------------------------------------------- API

async function api(path, body) {
  const res = await fetch(path, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  let data;
  try {
    data = await res.json();
  } catch {
    throw new Error(`HTTP ${res.status}`);
  }
  if (!res.ok) throw new Error(data && data.error ? data.error.message : `HTTP ${res.status}`);
  return data;
}

async function health() {
  try {
    const hres = await api('/api/health');
    const v = hres.versions;
    $('versions').textContent = `library ${v.library} · lexicon ${v.lexicon} · model ${v.model}`;
    if (hres.limits) limits = hres.limits;
  } catch (err) {
    $('versions').textContent = `server unreachable (${err.message})`;
  }
}

// ---------------------------------------------------------------------------------- tabs

function showTab() {
  const batch = location.hash === '#batch';
  $('view-single').hidden = batch;
  $('view-batch').hidden = !batch;
  $('tab-single').setAttribute('aria-selected', String(!batch));
  $('tab-batch').setAttribute('aria-selected', String(batch));
}

// ---------------------------------------------------------------------------------- evidence

/** The text cut at every span boundary; each segment lists the signals covering it. */
function segments(length, signals) {
  const cuts = new Set([0, length]);
  const events = [];
  signals.forEach((s, i) => {
    for (const sp of s.spans) {
      if (sp.end <= sp.start || sp.start >= length) continue;
      const end = Math.min(sp.end, length);
      cuts.add(sp.start);
      cuts.add(end);
      events.push({ at: sp.start, i, d: 1 }, { at: end, i, d: -1 });
    }
  });
  const points = [...cuts].sort((a, b) => a - b);
  events.sort((a, b) => a.at - b.at);
  const active = new Map();
  const out = [];
  let e = 0;
  for (let p = 0; p < points.length - 1; p++) {
    const start = points[p];
    while (e < events.length && events[e].at <= start) {
      const ev = events[e++];
      const n = (active.get(ev.i) || 0) + ev.d;
      if (n > 0) active.set(ev.i, n);
      else active.delete(ev.i);
    }
    out.push({ start, end: points[p + 1], signals: [...active.keys()].sort((a, b) => a - b) });
  }
  return out;
}

// Invisible characters (bidi overrides, zero-width) could disguise evidence: show them.
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
function textNodes(s) {
  const out = [];
  let pos = 0;
  for (const m of s.matchAll(INVISIBLE)) {
    if (m.index > pos) out.push(document.createTextNode(s.slice(pos, m.index)));
    const cp = 'U+' + m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    out.push(h('span', { class: 'cc', title: `invisible character ${cp}`, text: cp }));
    pos = m.index + m[0].length;
  }
  if (pos < s.length) out.push(document.createTextNode(s.slice(pos)));
  return out;
}

function strength(x) {
  const a = Math.abs(x);
  return a >= 1.5 ? 'w3' : a >= 0.5 ? 'w2' : 'w1';
}

function signalTitle(s) {
  return `${s.label}\n${s.id} · ${human(s.category)}\nweight ${s.weight.toFixed(2)} × value ${s.value.toFixed(2)} = ${signed(s.contribution)}`;
}

function detailFor(a, indices, spanText) {
  return [
    h('div', { class: 'detail-head' }, h('span', { class: 'hint', text: 'Selected evidence' }), ' ', h('q', { dir: 'auto', text: spanText })),
    ...indices.map((i) => {
      const s = a.signals[i];
      return h(
        'div',
        { class: `detail-sig ${s.contribution >= 0 ? 'pos' : 'neg'}` },
        h('b', { text: signed(s.contribution) }),
        ' ',
        h('span', { text: s.label }),
        h('div', { class: 'hint', text: `${s.id} · ${human(s.category)} · weight ${s.weight.toFixed(2)} × value ${s.value.toFixed(2)}${s.entries.length ? ' · entries: ' + s.entries.join(', ') : ''}` }),
      );
    }),
  ];
}

/** Marked text, signals table and entities for one assessment of `text`. */
function buildEvidence(text, a) {
  const root = h('div', { class: 'evidence' });
  const marked = h('div', { class: 'marked', dir: 'auto' });
  const detail = h('div', { class: 'detail', hidden: true });
  const MAX = 50000;
  const shown = text.length > MAX ? text.slice(0, MAX) : text;
  for (const seg of segments(shown.length, a.signals)) {
    const piece = shown.slice(seg.start, seg.end);
    if (seg.signals.length === 0) {
      marked.append(...textNodes(piece));
      continue;
    }
    const net = seg.signals.reduce((sum, i) => sum + a.signals[i].contribution, 0);
    const mark = h('mark', {
      class: `${net >= 0 ? 'pos' : 'neg'} ${strength(net)}`,
      title: seg.signals.map((i) => signalTitle(a.signals[i])).join('\n\n'),
      tabindex: 0,
      dataset: { sigs: seg.signals.join(' ') },
    }, textNodes(piece));
    const open = () => {
      for (const m of marked.querySelectorAll('mark.selected')) m.classList.remove('selected');
      mark.classList.add('selected');
      detail.replaceChildren(...detailFor(a, seg.signals, piece));
      detail.hidden = false;
    };
    mark.addEventListener('click', open);
    mark.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        open();
      }
    });
    marked.append(mark);
  }
  if (shown.length < text.length) marked.append(h('span', { class: 'hint', text: ` … ${text.length - shown.length} more characters not shown` }));

  const focus = (i) => {
    marked.classList.toggle('focusing', i !== null);
    for (const m of marked.querySelectorAll('mark')) m.classList.toggle('focus', i !== null && m.dataset.sigs.split(' ').includes(String(i)));
  };

  const maxAbs = Math.max(0.01, ...a.signals.map((s) => Math.abs(s.contribution)));
  const rows = a.signals.map((s, i) => {
    const words = [...new Set(s.spans.map((sp) => sp.text))].slice(0, 5);
    const bar = h('span', { class: `cbar ${s.contribution >= 0 ? 'pos' : 'neg'}` });
    bar.style.width = `${Math.max(3, (Math.abs(s.contribution) / maxAbs) * 100)}%`;
    return h(
      'tr',
      { dataset: { sig: i }, onmouseenter: () => focus(i), onmouseleave: () => focus(null), title: signalTitle(s) },
      h('td', { class: `num ${s.contribution >= 0 ? 'pos' : 'neg'}` }, h('span', { class: 'cval', text: signed(s.contribution) }), h('span', { class: 'ctrack' }, bar)),
      h('td', {}, h('div', { text: s.label }), h('div', { class: 'hint', text: `${s.id} · ${human(s.category)} · w ${s.weight.toFixed(2)} × ${s.value.toFixed(2)}` })),
      h('td', { class: 'words' }, words.map((w) => h('span', { class: `chip ${s.contribution >= 0 ? 'pos' : 'neg'}`, dir: 'auto', text: w })), s.spans.length > words.length ? h('span', { class: 'hint', text: ` +${s.spans.length - words.length}` }) : null),
    );
  });
  const sum = a.signals.reduce((x, s) => x + s.contribution, 0);

  root.append(
    h(
      'div',
      { class: 'panel' },
      h('div', { class: 'panel-head' }, h('h2', { text: 'Evidence in the text' }), h('span', { class: 'legend' }, h('span', { class: 'swatch pos' }), 'raises the score ', h('span', { class: 'swatch neg' }), 'lowers it · hover or click a highlight')),
      marked,
      detail,
    ),
    h(
      'div',
      { class: 'bottom-grid' },
      h(
        'div',
        { class: 'panel' },
        h('div', { class: 'panel-head' }, h('h2', { text: 'Why: signals' }), h('span', { class: 'hint', text: `logit ${a.logit.toFixed(2)} = bias ${a.bias.toFixed(2)} ${sum >= 0 ? '+' : '−'} ${Math.abs(sum).toFixed(2)}` })),
        a.signals.length
          ? h('table', { class: 'signals' }, h('thead', {}, h('tr', {}, h('th', { class: 'num', text: 'contribution' }), h('th', { text: 'signal' }), h('th', { text: 'evidence' }))), h('tbody', {}, rows))
          : h('p', { class: 'hint', text: 'No evidence found: the score is the model bias alone.' }),
      ),
      h('div', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h2', { text: 'Entities' })), buildEntities(a.entities)),
    ),
  );
  return root;
}

function buildEntities(e) {
  const groups = [
    ['Phones', e.phones.map((p) => [p.e164, [p.country, p.valid ? null : 'not valid'].filter(Boolean).join(' · '), p.span.text])],
    ['Money', e.money.map((m) => [`${m.amount.toLocaleString('en')} ${m.currency}`, '', m.span.text])],
    ['Places', uniq(e.places, (p) => p.id).map((p) => [p.name, [p.country, p.role].filter(Boolean).join(' · '), p.span.text])],
    ['Apps', uniq(e.apps, (p) => p.id).map((p) => [p.name, '', p.span.text])],
    ['Handles', e.handles.map((x) => ['@' + x.handle, x.platform || '', x.span.text])],
    ['Links', e.urls.map((u) => [u.url, u.app || '', u.span.text])],
    ['E-mails', e.emails.map((m) => [m.email, '', m.span.text])],
    ['Documents', e.documents.map((d) => [d.span.text, d.entry, d.span.text])],
  ].filter(([, items]) => items.length);
  if (!groups.length) return h('p', { class: 'hint', text: 'No phones, money, places, apps, links or documents found.' });
  return h(
    'dl',
    { class: 'entities' },
    groups.map(([name, items]) => [
      h('dt', { text: name }),
      h('dd', {}, items.map(([value, note, raw]) => h('span', { class: 'entity', title: `as written: ${raw}` }, h('span', { dir: 'auto', text: value }), note ? h('span', { class: 'hint', text: ` ${note}` }) : null))),
    ]),
  );
}

function uniq(xs, key) {
  const seen = new Set();
  return xs.filter((x) => (seen.has(key(x)) ? false : (seen.add(key(x)), true)));
}

function buildCategories(a) {
  return CATEGORIES.map((c) => {
    const fill = h('span', { class: 'fill' });
    fill.style.width = pct(a.categories[c]);
    return h('div', { class: 'cat' }, h('span', { class: 'cat-name', text: human(c) }), h('span', { class: 'track' }, fill), h('span', { class: 'cat-val', text: pct(a.categories[c]) }));
  });
}

function downloadLink(link, name, content, type) {
  if (link.dataset.url) URL.revokeObjectURL(link.dataset.url);
  const url = URL.createObjectURL(new Blob([content], { type }));
  link.dataset.url = url;
  link.href = url;
  link.download = name;
}

// ---------------------------------------------------------------------------------- single post

function showVerdict(a) {
  $('verdict').classList.remove('empty');
  $('verdict').dataset.band = a.band;
  $('score').textContent = pct(a.score);
  const band = $('band');
  band.textContent = a.band;
  band.className = `band ${a.band}`;
  $('flagged').hidden = !a.flagged;
  $('threshold').textContent = `${pct(a.threshold)} (${a.flagged ? 'at or above: flagged' : 'below: not flagged'})`;
  $('language').textContent = `${a.language.code} · confidence ${a.language.confidence.toFixed(2)} · ${a.language.method}`;
  $('logit').textContent = `${a.logit.toFixed(3)} (bias ${a.bias.toFixed(3)})`;
  $('sha').textContent = a.sha256;
  $('sha').title = a.sha256;
  $('cats').replaceChildren(...buildCategories(a));
  const name = `assessment-${(a.id || a.sha256.slice(0, 12)).replace(/[^\w.-]+/g, '_')}.json`;
  downloadLink($('download'), name, JSON.stringify(a, null, 2) + '\n', 'application/json');
}

async function scoreSingle() {
  const text = $('text').value;
  const status = $('status');
  if (!text.trim()) {
    status.textContent = 'Paste a post first.';
    status.className = 'status error';
    return;
  }
  const body = { text };
  const id = $('post-id').value.trim();
  if (id) body.id = id;
  if ($('lang').value) body.lang = $('lang').value;
  status.textContent = 'Scoring…';
  status.className = 'status';
  $('score-btn').disabled = true;
  try {
    const started = performance.now();
    const a = await api('/api/score', body);
    showVerdict(a);
    const result = $('result');
    result.replaceChildren(buildEvidence(text, a));
    result.hidden = false;
    status.textContent = `Scored in ${Math.round(performance.now() - started)} ms · ${a.signals.length} signals`;
  } catch (err) {
    status.textContent = `Error: ${err.message}`;
    status.className = 'status error';
  } finally {
    $('score-btn').disabled = false;
  }
}

// ---------------------------------------------------------------------------------- batch

/** RFC 4180: quoted fields with "" escapes, delimiters and line breaks inside quotes. */
function parseCsv(text, delimiter) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.length > 1 || row[0] !== '') rows.push({ cells: row, line: rowLine });
      row = [];
      field = '';
      line++;
      rowLine = line;
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push({ cells: row, line: rowLine });
  }
  return { rows, unterminated: quoted };
}

function sniffDelimiter(firstLine) {
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length]);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][0];
}

const batch = { file: null, content: '', format: 'ndjson', csv: null, results: [], errors: [], sort: { key: 'n', dir: 1 } };

function formatOf(file) {
  const chosen = $('file-format').value;
  if (chosen !== 'auto') return chosen;
  const name = file.name.toLowerCase();
  if (/\.(csv|tsv)$/.test(name)) return 'csv';
  if (/\.(ndjson|jsonl|json)$/.test(name)) return 'ndjson';
  return 'text';
}

async function loadFile() {
  const file = $('file').files[0];
  $('batch-btn').disabled = !file;
  $('text-col-field').hidden = true;
  $('id-col-field').hidden = true;
  if (!file) return;
  batch.file = file;
  batch.content = (await file.text()).replace(/^\ufeff/, '');
  batch.format = formatOf(file);
  const status = $('batch-status');
  status.className = 'status';
  if (batch.format === 'csv') {
    const delimiter = file.name.toLowerCase().endsWith('.tsv') ? '\t' : sniffDelimiter(batch.content.split(/\r?\n/, 1)[0] || '');
    batch.csv = { delimiter, ...parseCsv(batch.content, delimiter) };
    const header = batch.csv.rows[0] ? batch.csv.rows[0].cells.map((c) => c.trim()) : [];
    const textGuess = header.find((c) => /^(text|message|content|body|post)$/i.test(c)) || header[0];
    const idGuess = header.find((c) => /^(id|post_id|message_id)$/i.test(c));
    $('text-col').replaceChildren(...header.map((c) => h('option', { value: c, text: c, selected: c === textGuess })));
    $('id-col').replaceChildren(h('option', { value: '', text: '(row number)' }), ...header.map((c) => h('option', { value: c, text: c, selected: c === idGuess })));
    $('text-col-field').hidden = false;
    $('id-col-field').hidden = false;
    status.textContent = `${file.name}: CSV, ${Math.max(0, batch.csv.rows.length - 1)} rows, columns ${header.join(', ')}`;
  } else {
    const lines = batch.content.split(/\r?\n/).filter((l) => l.trim() !== '').length;
    status.textContent = `${file.name}: ${batch.format === 'ndjson' ? 'NDJSON' : 'text'}, ${lines} lines`;
  }
}

/** Posts and per-record errors from the loaded file. */
function collectPosts() {
  const posts = [];
  const errors = [];
  if (batch.format === 'csv') {
    const { rows, unterminated } = batch.csv;
    const header = rows[0] ? rows[0].cells.map((c) => c.trim()) : [];
    const ti = header.indexOf($('text-col').value);
    const ii = $('id-col').value ? header.indexOf($('id-col').value) : -1;
    const li = header.indexOf('lang');
    rows.slice(1).forEach((r, k) => {
      const where = `row ${k + 1} (line ${r.line})`;
      if (r.cells.length !== header.length) errors.push({ where, message: `expected ${header.length} cells, got ${r.cells.length}` });
      else if (!r.cells[ti] || !r.cells[ti].trim()) errors.push({ where, message: 'empty text' });
      else {
        const post = { id: ii >= 0 && r.cells[ii] ? r.cells[ii] : String(k + 1), text: r.cells[ti] };
        const { lang, error } = rowLanguage(li >= 0 ? r.cells[li].trim() : undefined);
        if (error) errors.push({ where, message: error });
        else {
          if (lang) post.lang = lang;
          posts.push({ where, post });
        }
      }
    });
    if (unterminated) errors.push({ where: 'end of file', message: 'a quoted cell is never closed' });
  } else {
    const lines = batch.content.split(/\r?\n/);
    if (lines.length && lines[lines.length - 1] === '') lines.pop();
    lines.forEach((l, k) => {
      const where = `line ${k + 1}`;
      if (batch.format === 'text') {
        if (l.trim()) posts.push({ where, post: { id: String(k + 1), text: l } });
        else errors.push({ where, message: 'empty line' });
        return;
      }
      let v;
      try {
        v = JSON.parse(l);
      } catch (err) {
        errors.push({ where, message: `invalid JSON: ${err.message}` });
        return;
      }
      if (!v || typeof v !== 'object' || Array.isArray(v)) errors.push({ where, message: 'expected a JSON object' });
      else if (typeof v.text !== 'string') errors.push({ where, message: 'text: expected a string' });
      else {
        const post = { text: v.text, id: typeof v.id === 'string' || typeof v.id === 'number' ? String(v.id) : String(k + 1) };
        const { lang, error } = rowLanguage(v.lang);
        if (error) errors.push({ where, message: error });
        else {
          if (lang) post.lang = lang;
          posts.push({ where, post });
        }
      }
    });
  }
  return { posts, errors };
}

/** Requests of at most maxPosts posts and about 90% of the body limit. */
function chunks(posts) {
  const enc = new TextEncoder();
  const budget = Math.floor(limits.maxBodyBytes * 0.9);
  const out = [];
  let cur = [];
  let size = 20;
  for (const p of posts) {
    const n = enc.encode(JSON.stringify(p.post)).length + 1;
    if (cur.length && (cur.length >= limits.maxPosts || size + n > budget)) {
      out.push(cur);
      cur = [];
      size = 20;
    }
    cur.push(p);
    size += n;
  }
  if (cur.length) out.push(cur);
  return out;
}

async function scoreBatch() {
  const status = $('batch-status');
  const progress = $('batch-progress');
  const { posts, errors } = collectPosts();
  batch.results = [];
  batch.errors = errors;
  if (!posts.length) {
    status.textContent = `Nothing to score: ${plural(errors.length, 'error')}.`;
    status.className = 'status error';
    renderBatch();
    return;
  }
  $('batch-btn').disabled = true;
  progress.hidden = false;
  progress.max = posts.length;
  progress.value = 0;
  status.className = 'status';
  const started = performance.now();
  let done = 0;
  for (const group of chunks(posts)) {
    const tooBig = group.length === 1 && new TextEncoder().encode(JSON.stringify(group[0].post)).length > limits.maxBodyBytes * 0.9;
    if (tooBig) {
      batch.errors.push({ where: group[0].where, message: 'post larger than the server accepts' });
    } else {
      try {
        const r = await api('/api/score', { posts: group.map((g) => g.post) });
        r.assessments.forEach((a, k) => batch.results.push({ n: batch.results.length + 1, where: group[k].where, text: group[k].post.text, a }));
      } catch (err) {
        for (const g of group) batch.errors.push({ where: g.where, message: err.message });
      }
    }
    done += group.length;
    progress.value = done;
    status.textContent = `Scored ${done} of ${posts.length}…`;
  }
  progress.hidden = true;
  $('batch-btn').disabled = false;
  const flagged = batch.results.filter((r) => r.a.flagged).length;
  status.textContent = `${plural(batch.results.length, 'post')} scored in ${((performance.now() - started) / 1000).toFixed(1)} s · ${flagged} flagged · ${plural(batch.errors.length, 'error')}`;
  batch.sort = { key: 'score', dir: -1 };
  downloadLink($('batch-download'), `${batch.file.name.replace(/\.[^.]+$/, '')}.assessments.ndjson`, batch.results.map((r) => JSON.stringify(r.a)).join('\n') + '\n', 'application/x-ndjson');
  renderBatch();
}

const topCategory = (a) => CATEGORIES.reduce((best, c) => (a.categories[c] > a.categories[best] ? c : best), CATEGORIES[0]);
const BAND_RANK = { low: 0, medium: 1, high: 2, critical: 3 };

const COLUMNS = [
  { key: 'n', label: '#', num: true, value: (r) => r.n, cell: (r) => String(r.n) },
  { key: 'id', label: 'id', value: (r) => r.a.id || '', cell: (r) => r.a.id || '' },
  { key: 'score', label: 'score', num: true, value: (r) => r.a.score, cell: (r) => pct(r.a.score) },
  { key: 'band', label: 'band', value: (r) => BAND_RANK[r.a.band], cell: (r) => h('span', { class: `band ${r.a.band}`, text: r.a.band }) },
  { key: 'lang', label: 'lang', value: (r) => r.a.language.code, cell: (r) => r.a.language.code },
  { key: 'category', label: 'top category', value: (r) => topCategory(r.a), cell: (r) => human(topCategory(r.a)) },
  { key: 'signal', label: 'top signal', value: (r) => (r.a.signals[0] ? r.a.signals[0].label : ''), cell: (r) => (r.a.signals[0] ? r.a.signals[0].label : '–') },
  { key: 'contacts', label: 'contacts', num: true, value: (r) => r.a.entities.phones.length + r.a.entities.handles.length + r.a.entities.urls.length, cell: (r) => String(r.a.entities.phones.length + r.a.entities.handles.length + r.a.entities.urls.length) },
  { key: 'text', label: 'text', value: (r) => r.text, cell: (r) => h('span', { class: 'snippet', dir: 'auto', text: r.text.length > 140 ? r.text.slice(0, 140) + '…' : r.text }) },
];

function matches(r, q) {
  if (!q) return true;
  const e = r.a.entities;
  const hay = [r.text, r.a.id || '', ...e.phones.map((p) => p.e164), ...e.handles.map((x) => x.handle), ...e.urls.map((u) => u.url), ...e.places.map((p) => p.name)].join('\n').toLowerCase();
  return hay.includes(q);
}

function renderBatch() {
  $('batch-result').hidden = false;
  const rs = batch.results;
  const count = (b) => rs.filter((r) => r.a.band === b).length;
  $('batch-cards').replaceChildren(
    ...[
      ['posts', rs.length, ''],
      ['flagged', rs.filter((r) => r.a.flagged).length, 'flag'],
      ['critical', count('critical'), 'critical'],
      ['high', count('high'), 'high'],
      ['medium', count('medium'), 'medium'],
      ['low', count('low'), 'low'],
      ['errors', batch.errors.length, batch.errors.length ? 'err' : ''],
    ].map(([label, n, cls]) => h('div', { class: `card ${cls}` }, h('b', { text: String(n) }), h('span', { text: label }))),
  );

  const head = $('batch-head');
  head.replaceChildren(
    ...COLUMNS.map((c) => {
      const active = batch.sort.key === c.key;
      return h(
        'th',
        { class: c.num ? 'num' : '', 'aria-sort': active ? (batch.sort.dir > 0 ? 'ascending' : 'descending') : 'none' },
        h('button', {
          type: 'button',
          class: 'sort',
          text: c.label + (active ? (batch.sort.dir > 0 ? ' ▲' : ' ▼') : ''),
          onclick: () => {
            batch.sort = { key: c.key, dir: active ? -batch.sort.dir : c.num || c.key === 'band' ? -1 : 1 };
            renderBatch();
          },
        }),
      );
    }),
  );

  const q = $('filter').value.trim().toLowerCase();
  const min = Number($('min-score').value || 0) / 100;
  const onlyFlagged = $('only-flagged').checked;
  const col = COLUMNS.find((c) => c.key === batch.sort.key) || COLUMNS[0];
  const shown = rs
    .filter((r) => r.a.score >= min && (!onlyFlagged || r.a.flagged) && matches(r, q))
    .sort((x, y) => {
      const a = col.value(x);
      const b = col.value(y);
      const c = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
      return c * batch.sort.dir || x.n - y.n;
    });
  const LIMIT = 2000;
  $('batch-rows').replaceChildren(
    ...shown.slice(0, LIMIT).map((r) =>
      h(
        'tr',
        { class: `band-row ${r.a.band}${batch.selected === r.n ? ' selected' : ''}`, tabindex: 0, onclick: () => showBatchDetail(r), onkeydown: (ev) => ev.key === 'Enter' && showBatchDetail(r) },
        COLUMNS.map((c) => h('td', { class: c.num ? 'num' : '' }, c.cell(r))),
      ),
    ),
  );
  $('shown-count').textContent = `${Math.min(shown.length, LIMIT)} of ${rs.length} shown${shown.length > LIMIT ? ` (first ${LIMIT}; narrow the filter)` : ''}`;

  $('batch-errors-panel').hidden = batch.errors.length === 0;
  $('batch-errors').replaceChildren(...batch.errors.slice(0, 500).map((e) => h('li', {}, h('b', { text: e.where }), ' ', e.message)));
}

function showBatchDetail(r) {
  batch.selected = r.n;
  for (const tr of $('batch-rows').querySelectorAll('tr.selected')) tr.classList.remove('selected');
  const panel = $('batch-detail-panel');
  panel.hidden = false;
  $('batch-detail-title').textContent = `Post ${r.a.id !== undefined ? r.a.id : r.n} · ${r.where}`;
  const summary = h(
    'div',
    { class: 'inline-verdict' },
    h('span', { class: 'score small', text: pct(r.a.score) }),
    h('span', { class: `band ${r.a.band}`, text: r.a.band }),
    r.a.flagged ? h('span', { class: 'flagged', text: 'FLAGGED' }) : null,
    h('span', { class: 'hint', text: `${r.a.language.code} · ${r.a.language.confidence.toFixed(2)} · sha256 ${r.a.sha256.slice(0, 16)}…` }),
  );
  $('batch-detail').replaceChildren(summary, h('div', { class: 'cats wide' }, buildCategories(r.a)), buildEvidence(r.text, r.a));
  panel.scrollIntoView({ behavior: 'smooth', block: 'start' });
  renderBatch();
}

// ---------------------------------------------------------------------------------- wiring

function init() {
  window.addEventListener('hashchange', showTab);
  showTab();
  health();
  $('score-btn').addEventListener('click', scoreSingle);
  $('text').addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) scoreSingle();
  });
  $('text').addEventListener('input', () => {
    $('char-count').textContent = `${$('text').value.length.toLocaleString('en')} characters`;
  });
  $('download').addEventListener('click', (ev) => {
    if (!$('download').dataset.url) ev.preventDefault();
  });
  $('batch-download').addEventListener('click', (ev) => {
    if (!$('batch-download').dataset.url) ev.preventDefault();
  });
  $('file').addEventListener('change', loadFile);
  $('file-format').addEventListener('change', loadFile);
  $('batch-btn').addEventListener('click', scoreBatch);
  for (const id of ['filter', 'min-score', 'only-flagged']) $(id).addEventListener('input', renderBatch);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
