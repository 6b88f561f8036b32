// dyad web interface: one page, hash-routed views over the HTTP API
// (docs/api.md). Plain JavaScript, no build step. Article text and every
// value from the API reach the page only through textContent and text nodes,
// never through innerHTML.
'use strict';

(() => {
  // ---------------------------------------------------------------- helpers

  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

  // el builds an element. props: class, text, data (dataset), style (custom
  // properties and styles), on* listeners, other attributes. Children may be
  // nodes or strings; strings become text nodes.
  function el(tag, props, ...kids) {
    const e = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v == null || v === false) continue;
        if (k === 'class') e.className = v;
        else if (k === 'text') e.textContent = v;
        else if (k === 'data') for (const [dk, dv] of Object.entries(v)) { if (dv != null) e.dataset[dk] = dv; }
        else if (k === 'style') for (const [sk, sv] of Object.entries(v)) e.style.setProperty(sk, sv);
        else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid == null || kid === false) continue;
      e.append(kid instanceof Node ? kid : String(kid));
    }
    return e;
  }

  const nf = new Intl.NumberFormat('en');
  const fmt = (n) => (typeof n === 'number' ? nf.format(n) : '—');
  const plural = (n, one, many) => `${fmt(n)} ${n === 1 ? one : (many || one + 's')}`;

  // -------------------------------------------------------------- PLOVER colours

  // One colour per PLOVER type, in every view: cooperation in greens and
  // blues, verbal conflict in ambers and oranges, material conflict in reds.
  const PLOVER_COLORS = {
    AGREE: '#2e7d32', CONSULT: '#1f77b4', SUPPORT: '#17a2b8', CONCEDE: '#7cb342',
    COOPERATE: '#3f51b5', AID: '#26a69a', RETREAT: '#9e9d24', REQUEST: '#7e57c2',
    ACCUSE: '#f2a900', REJECT: '#ef6c00', THREATEN: '#d84315', PROTEST: '#ad1457',
    SANCTION: '#6d4c41', MOBILIZE: '#546e7a', COERCE: '#c62828', ASSAULT: '#7f0000',
  };
  const PLOVER_ORDER = Object.keys(PLOVER_COLORS);
  const typeColor = (t) => PLOVER_COLORS[t] || '#7a828c';

  // textOn picks dark or white text for a background colour.
  function textOn(hex) {
    const n = parseInt(hex.slice(1), 16);
    const lin = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    const L = 0.2126 * lin((n >> 16) & 255) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
    return L > 0.3 ? '#1d232b' : '#ffffff';
  }
  const typeStyle = (t) => ({ '--c': typeColor(t), '--t': textOn(typeColor(t)) });
  const ploverBadge = (t) => el('span', { class: 'plover', text: t || '?', style: typeStyle(t), data: { type: t || '' } });
  const sortTypes = (types) => Array.from(types).sort((a, b) => {
    const ia = PLOVER_ORDER.indexOf(a), ib = PLOVER_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || String(a).localeCompare(String(b));
  });

  function legend(container, types) {
    container.replaceChildren(...sortTypes(types).map((t) =>
      el('div', null, el('span', { class: 'line', style: { background: typeColor(t) } }), t)));
    container.hidden = types.size === 0;
  }

  // ------------------------------------------------------------------- API

  class APIError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  // api fetches a path relative to the page and returns the decoded JSON.
  // An error status becomes an APIError carrying the API's message.
  async function api(path, opts = {}) {
    let res;
    try {
      res = await fetch(path, opts);
    } catch (e) {
      throw new APIError(0, `cannot reach the dyad server (${e.message})`);
    }
    let body = null;
    const ctype = res.headers.get('Content-Type') || '';
    if (ctype.includes('json')) {
      try { body = await res.json(); } catch { body = null; }
    }
    if (!res.ok) {
      // An error is {"error": {"message"}}; POST /api/documents answers a
      // batch that failed whole with {"errors": [{"id", "error"}]}.
      let msg = `${res.status} ${res.statusText}`;
      if (body && body.error && body.error.message) msg = body.error.message;
      else if (body && Array.isArray(body.errors) && body.errors.length) msg = body.errors.map((e) => `${e.id}: ${e.error}`).join('; ');
      throw new APIError(res.status, msg);
    }
    if (body === null) throw new APIError(res.status, `the server answered ${path} with something other than JSON`);
    return body;
  }

  function showError(err) {
    if (err && err.name === 'AbortError') return;
    const msg = err instanceof APIError
      ? (err.status ? `Error ${err.status}: ${err.message}` : err.message)
      : String(err && err.message ? err.message : err);
    $('#error-text').textContent = msg;
    $('#error-bar').hidden = false;
  }
  function clearError() { $('#error-bar').hidden = true; $('#error-text').textContent = ''; }

  // Each view keeps a request counter so that a slow, stale answer never
  // overwrites a newer one.
  const tickets = {};
  const ticket = (name) => (tickets[name] = (tickets[name] || 0) + 1);
  const current = (name, t) => tickets[name] === t;

  // ----------------------------------------------------------------- state

  const FILTER_KEYS = ['from', 'to', 'country', 'actor_country', 'actor_sector', 'recipient_country',
    'recipient_sector', 'actor_code', 'recipient_code', 'type', 'root', 'q', 'doc', 'negated'];
  const UPPER = new Set(['country', 'actor_country', 'actor_sector', 'recipient_country', 'recipient_sector',
    'actor_code', 'recipient_code']);
  const FILTER_VIEWS = new Set(['events', 'network', 'timeline', 'map']);

  const state = {
    view: '',
    filters: {},
    stats: null,
    rootNames: {},
    events: { key: null, cursors: [''], idx: 0 },
    charts: {},
    graphs: {},
    docCache: null,
    world: null,
  };

  function filterQuery(extra) {
    const p = new URLSearchParams();
    for (const k of FILTER_KEYS) if (state.filters[k]) p.set(k, state.filters[k]);
    if (extra) for (const [k, v] of Object.entries(extra)) if (v !== '' && v != null) p.set(k, v);
    return p.toString();
  }

  // ---------------------------------------------------------------- stats

  async function loadStats() {
    try {
      const s = await api('api/stats');
      state.stats = s;
      const parts = [plural(s.documents, 'document'), plural(s.events, 'event'), plural(s.quotes, 'quote'), plural(s.counts, 'count')];
      if (s.failures) parts.push(plural(s.failures, 'failure'));
      $('#stats').textContent = parts.join(' · ');
      state.rootNames = {};
      for (const r of s.cameo_roots || []) state.rootNames[r.code] = r.name;
      fillSelect($('#filter-type'), (s.plover_types || []).map((t) => [t, t]));
      fillSelect($('#filter-root'), (s.cameo_roots || []).map((r) => [r.code, `${r.code} ${r.name}`]));
      setFormFromFilters();
    } catch (e) {
      $('#stats').textContent = 'store unavailable';
      showError(e);
    }
  }

  function fillSelect(sel, options) {
    const keep = sel.value;
    sel.replaceChildren(el('option', { value: '', text: 'any' }), ...options.map(([v, label]) => el('option', { value: v, text: label })));
    sel.value = keep;
  }

  // --------------------------------------------------------------- filters

  function setFormFromFilters() {
    const form = $('#filters');
    for (const k of FILTER_KEYS) {
      const input = form.elements[k];
      if (!input) continue;
      const v = state.filters[k] || '';
      if (input.type === 'checkbox') input.checked = v === 'true';
      else if (input.tagName === 'SELECT') {
        if (v && !Array.from(input.options).some((o) => o.value === v)) input.append(el('option', { value: v, text: v }));
        input.value = v;
      } else input.value = v;
    }
    const n = Object.keys(state.filters).length;
    $('#filters-summary').textContent = n ? plural(n, 'filter') + ' applied' : 'no filters: all events';
  }

  function filtersFromForm() {
    const form = $('#filters');
    const f = {};
    for (const k of FILTER_KEYS) {
      const input = form.elements[k];
      if (!input) continue;
      let v = input.type === 'checkbox' ? (input.checked ? 'true' : '') : input.value.trim();
      if (UPPER.has(k)) v = v.toUpperCase();
      if (v) f[k] = v;
    }
    return f;
  }

  function filtersFromParams(params) {
    const f = {};
    for (const k of FILTER_KEYS) {
      const v = params.get(k);
      if (v) f[k] = v;
    }
    return f;
  }

  // ---------------------------------------------------------------- routing

  function parseHash() {
    const h = location.hash.replace(/^#/, '');
    if (h.startsWith('doc/')) {
      const rest = h.slice(4);
      const qi = rest.indexOf('?');
      let id = qi < 0 ? rest : rest.slice(0, qi);
      try { id = decodeURIComponent(id); } catch { /* keep it as written */ }
      return { view: 'doc', id, params: new URLSearchParams(qi < 0 ? '' : rest.slice(qi + 1)) };
    }
    const qi = h.indexOf('?');
    const view = (qi < 0 ? h : h.slice(0, qi)) || 'annotate';
    return { view, params: new URLSearchParams(qi < 0 ? '' : h.slice(qi + 1)) };
  }

  function go(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  }

  const viewHash = (view) => '#' + view + (FILTER_VIEWS.has(view) && filterQuery() ? '?' + filterQuery() : '');

  function updateNav() {
    for (const a of $$('#nav a')) {
      a.href = viewHash(a.dataset.view);
      a.classList.toggle('active', a.dataset.view === state.view || (state.view === 'doc' && a.dataset.view === 'events'));
    }
    $('#doc-back').href = viewHash('events');
  }

  function route() {
    let { view, id, params } = parseHash();
    if (!['annotate', 'events', 'network', 'timeline', 'map', 'doc'].includes(view)) view = 'annotate';
    clearError();
    hideTooltip();
    if (FILTER_VIEWS.has(view)) {
      state.filters = filtersFromParams(params);
      setFormFromFilters();
    }
    if (state.view !== view) window.scrollTo(0, 0);
    state.view = view;
    for (const s of $$('main > section.view')) s.hidden = s.id !== 'view-' + view;
    $('#filters').hidden = !FILTER_VIEWS.has(view);
    updateNav();
    switch (view) {
      case 'annotate': reviveGraph('annotate'); break;
      case 'events': renderEvents(); break;
      case 'network': renderNetwork(); break;
      case 'timeline': renderTimeline(); break;
      case 'map': renderMap(); break;
      case 'doc': renderDoc(id, params.get('event') || ''); break;
    }
  }

  // ------------------------------------------------------------- tooltip

  const tooltip = () => $('#tooltip');
  function showTooltip(blocks, x, y) {
    const tt = tooltip();
    tt.replaceChildren(...blocks);
    tt.hidden = blocks.length === 0;
    moveTooltip(x, y);
  }
  function moveTooltip(x, y) {
    const tt = tooltip();
    if (tt.hidden) return;
    const w = tt.offsetWidth, h = tt.offsetHeight;
    let left = x + 14, top = y + 16;
    if (left + w > window.innerWidth - 8) left = Math.max(8, x - w - 14);
    if (top + h > window.innerHeight - 8) top = Math.max(8, y - h - 12);
    tt.style.left = left + 'px';
    tt.style.top = top + 'px';
  }
  function hideTooltip() { const tt = tooltip(); tt.hidden = true; tt.replaceChildren(); }

  const ttRow = (key, ...value) => el('span', { class: 'tt-row' }, el('span', { class: 'tt-key', text: key }), ...value);

  // ------------------------------------------------------ annotated record

  // participantCode gives a participant's actor code: the coded actor's
  // code, else country and sector.
  function participantCode(rec, p) {
    if (!p) return '';
    const a = p.actor && rec._actors ? rec._actors.get(p.actor) : null;
    return (a && a.code) || p.code || ((p.country || '') + (p.sector || ''));
  }
  function partLabel(rec, p) {
    const code = participantCode(rec, p);
    const text = p.implied ? '(implied)' : (p.text || '');
    return code ? `${code} (${text})` : text;
  }

  const MODALITY = ['negated', 'hypothetical', 'future', 'historical'];

  function eventBlock(rec, ev) {
    const rows = [el('span', { class: 'tt-title' }, ploverBadge(ev.plover && ev.plover.type),
      ev.plover && ev.plover.mode ? ev.plover.mode : '', ` event ${ev.id}`)];
    if (ev.cameo) {
      const name = state.rootNames[ev.cameo.root];
      rows.push(ttRow('CAMEO', `${ev.cameo.code}${name ? ` (root ${ev.cameo.root}: ${name})` : ''}, Goldstein ${ev.cameo.goldstein}`));
    }
    rows.push(ttRow('Actor', (ev.actor || []).map((p) => partLabel(rec, p)).join('; ') || '—'));
    rows.push(ttRow('Recipient', (ev.recipient || []).map((p) => partLabel(rec, p)).join('; ') || '—'));
    if (ev.date) {
      rows.push(ttRow('Date', `${ev.date.value} (${ev.date.precision}${ev.date.text ? `, "${ev.date.text}"` : ', publication date'})`));
    } else rows.push(ttRow('Date', 'unknown'));
    if (ev.location) {
      const l = ev.location;
      rows.push(ttRow('Location', `${l.name || ''}${l.country ? ', ' + l.country : ''} (${l.resolution})`));
    }
    const mods = MODALITY.filter((m) => ev.modality && ev.modality[m]);
    if (mods.length) rows.push(ttRow('Modality', mods.join(', ')));
    if (ev.source_of_report) rows.push(ttRow('Reported by', partLabel(rec, ev.source_of_report)));
    if (typeof ev.confidence === 'number') rows.push(ttRow('Confidence', ev.confidence.toFixed(2)));
    return rows;
  }

  function quoteBlock(rec, q) {
    const kind = q.scare ? 'Scare quote' : q.direct ? 'Direct quote' : 'Reported speech';
    const rows = [el('span', { class: 'tt-title', text: `${kind} ${q.id}` })];
    if (q.speaker) rows.push(ttRow('Speaker', partLabel(rec, q.speaker)));
    if (q.cue) rows.push(ttRow('Cue', q.cue.text));
    return rows;
  }

  function countBlock(rec, c) {
    const qual = c.qualifier && c.qualifier !== 'exactly' ? c.qualifier.replace(/_/g, ' ') + ' ' : '';
    const rows = [el('span', { class: 'tt-title', text: `${fmt(c.count)} ${c.kind} (${qual || 'exactly '}${fmt(c.count)})` })];
    if (c.victims) rows.push(ttRow('Victims', `${c.victims.text}${c.victims.country || c.victims.sector ? ` (${c.victims.country || ''}${c.victims.sector || ''})` : ''}`));
    if (c.perpetrator) rows.push(ttRow('Perpetrator', partLabel(rec, c.perpetrator)));
    if (c.source) rows.push(ttRow('Source', partLabel(rec, c.source)));
    if (c.date) rows.push(ttRow('Date', c.date.value));
    if (c.location) rows.push(ttRow('Location', c.location.name || ''));
    if (c.event) rows.push(ttRow('Event', c.event));
    return rows;
  }

  function entityBlock(rec, e) {
    const rows = [el('span', { class: 'tt-title', text: `${e.type} ${e.id}` })];
    const a = e.actor && rec._actors.get(e.actor);
    if (a) {
      rows.push(ttRow('Actor', `${a.code || '(uncoded)'}: ${a.name}`));
      if (a.title) rows.push(ttRow('Title', a.title));
    } else rows.push(ttRow('Actor', 'none'));
    if (e.also && e.also.length) rows.push(ttRow('Also', e.also.map((id) => (rec._actors.get(id) || {}).code || id).join(', ')));
    return rows;
  }

  function timexBlock(rec, t) {
    return [el('span', { class: 'tt-title', text: 'Date expression' }),
      ttRow('Value', `${t.value} (${t.precision}${t.relation && t.relation !== 'on' ? ', ' + t.relation : ''})`)];
  }

  function participantBlock(rec, p) {
    return [el('span', { class: 'tt-title', text: 'Participant' }), ttRow('Actor', partLabel(rec, p))];
  }

  // Span kinds in nesting order for spans with the same extent: the first is
  // the outermost.
  const PRIO = { sent: 0, quote: 1, count: 2, ent: 3, part: 4, time: 5, event: 6 };

  // buildSpans lists every highlighted span of a record, in code points.
  function buildSpans(rec, n) {
    const spans = [];
    const byRange = new Map();
    let seq = 0;
    const add = (kind, start, end, item, extra) => {
      if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= n)) return null;
      const s = { id: `s${seq++}`, kind, start, end, item, ...extra };
      spans.push(s);
      return s;
    };
    (rec.sentences || []).forEach((s, i) => add('sent', s.start, s.end, s, { index: i }));
    for (const q of rec.quotes || []) add('quote', q.start, q.end, q);
    for (const c of rec.counts || []) add('count', c.start, c.end, c);
    for (const e of rec.entities || []) {
      const s = add('ent', e.start, e.end, e);
      if (s) byRange.set(`${s.start}:${s.end}`, s);
    }
    for (const t of rec.timexes || []) add('time', t.start, t.end, t);
    // Participants: the entity with the same extent where there is one,
    // else a span of its own (a pronoun), shown only when linked.
    const partSpan = (p) => {
      if (!p || p.implied || p.start == null) return null;
      return byRange.get(`${p.start}:${p.end}`) || (() => {
        const s = add('part', p.start, p.end, p);
        if (s) byRange.set(`${s.start}:${s.end}`, s);
        return s;
      })();
    };
    const links = new Map(); // span id -> ids of the spans it relates to
    const link = (s, ps) => { if (s) links.set(s.id, ps.map(partSpan).filter(Boolean).map((x) => x.id)); };
    const eventSpans = new Map();
    for (const ev of rec.events || []) {
      const t = ev.trigger || {};
      const s = add('event', t.start, t.end, ev);
      if (s) eventSpans.set(ev.id, s);
      link(s, [...(ev.actor || []), ...(ev.recipient || [])]);
    }
    for (const s of spans) {
      if (s.kind === 'quote') link(s, [s.item.speaker]);
      if (s.kind === 'count') link(s, [s.item.victims, s.item.perpetrator, s.item.source]);
    }
    return { spans, links, eventSpans };
  }

  const spanOrder = (a, b) => a.start - b.start || b.end - a.end || PRIO[a.kind] - PRIO[b.kind] || (a.id < b.id ? -1 : 1);

  function spanElement(rec, s) {
    const e = el('span', { data: { s: s.id } });
    switch (s.kind) {
      case 'sent': e.className = 'ann-sent'; e.dataset.sent = s.index; break;
      case 'quote': e.className = 'ann-quote' + (s.item.direct ? ' direct' : ''); e.dataset.quote = s.item.id; break;
      case 'count': e.className = 'ann-count'; e.dataset.count = s.item.id; break;
      case 'time': e.className = 'ann-time'; break;
      case 'part': e.className = 'ann-part'; break;
      case 'event': {
        const t = s.item.plover && s.item.plover.type;
        e.className = 'ann-event';
        e.dataset.event = s.item.id;
        e.dataset.type = t || '';
        for (const [k, v] of Object.entries(typeStyle(t))) e.style.setProperty(k, v);
        break;
      }
      case 'ent': {
        const a = s.item.actor && rec._actors.get(s.item.actor);
        e.className = `ann-ent ${s.item.type}` + (a ? ' ann-actor' : '');
        if (a && a.code) e.dataset.code = a.code;
        break;
      }
    }
    return e;
  }

  // renderText writes the text with its spans nested as elements. A sweep
  // over the span boundaries keeps, for each stretch of text between two
  // boundaries, the stack of spans covering it; a span that crosses another
  // one's end is split into several elements with the same data-s.
  function renderText(pre, rec, spans) {
    const chars = Array.from(rec.text || '');
    const points = new Set([0, chars.length]);
    for (const s of spans) { points.add(s.start); points.add(s.end); }
    const pts = Array.from(points).sort((a, b) => a - b);
    const starts = spans.slice().sort(spanOrder);
    const nodes = new Map();
    let active = [];
    let next = 0;
    const stack = [];
    const frag = document.createDocumentFragment();
    for (let k = 0; k + 1 < pts.length; k++) {
      const a = pts[k], b = pts[k + 1];
      active = active.filter((s) => s.end > a);
      while (next < starts.length && starts[next].start <= a) {
        if (starts[next].end > a) active.push(starts[next]);
        next++;
      }
      active.sort(spanOrder);
      let i = 0;
      while (i < stack.length && i < active.length && stack[i].span === active[i]) i++;
      stack.length = i;
      let parent = i ? stack[i - 1].node : frag;
      for (let j = i; j < active.length; j++) {
        const node = spanElement(rec, active[j]);
        parent.append(node);
        stack.push({ span: active[j], node });
        if (!nodes.has(active[j].id)) nodes.set(active[j].id, []);
        nodes.get(active[j].id).push(node);
        parent = node;
      }
      parent.append(document.createTextNode(chars.slice(a, b).join('')));
    }
    pre.replaceChildren(frag);
    return nodes;
  }

  // scrollWithin scrolls box so that node is in its middle, without moving
  // the page.
  function scrollWithin(box, node) {
    const b = box.getBoundingClientRect(), n = node.getBoundingClientRect();
    box.scrollTop += n.top - b.top - box.clientHeight / 2 + n.height / 2;
  }

  // renderRecord shows a record: the annotated text, its events, quotes,
  // counts and a network of its events. Element ids start with prefix.
  function renderRecord(container, rec, prefix, focusEvent) {
    rec._actors = new Map((rec.actors || []).map((a) => [a.id, a]));
    const events = rec.events || [], quotes = rec.quotes || [], counts = rec.counts || [];
    const { spans, links, eventSpans } = buildSpans(rec, Array.from(rec.text || '').length);
    const byId = new Map(spans.map((s) => [s.id, s]));

    const head = el('div', { class: 'record-head' },
      el('h2', { text: rec.title || rec.id || 'Document' }),
      el('span', { class: 'meta' },
        rec.id ? `id ${rec.id}` : '', rec.date ? ` · published ${rec.date}` : ' · no publication date',
        rec.source ? ` · ${rec.source}` : '', ' · ', plural(events.length, 'event'), ', ', plural(quotes.length, 'quote'),
        ', ', plural(counts.length, 'count'), ', ', plural((rec.entities || []).length, 'entity', 'entities')),
      rec.url && /^https?:\/\//i.test(rec.url) ? el('a', { href: rec.url, target: '_blank', rel: 'noopener noreferrer', text: 'source page' }) : null,
      prefix === 'doc' && rec.id ? el('a', { href: '#events?' + new URLSearchParams({ doc: rec.id }).toString(), id: 'doc-events-link', text: 'its events in the table' }) : null);

    const layerDefs = [
      ['ent', 'Entities', 'var(--ent-PERSON)'], ['event', 'Event triggers', typeColor('CONSULT')], ['quote', 'Quotes', '#d9cda6'],
      ['count', 'Counts', '#b03a2e'], ['time', 'Dates', '#5d6673'],
    ];
    const pre = el('div', { class: 'ann-text show-codes', id: `${prefix}-article`, lang: 'en' });
    const layers = el('div', { class: 'layers' }, 'Show:',
      layerDefs.map(([k, label, color]) => el('label', null,
        el('input', { type: 'checkbox', checked: true, onchange: (e) => pre.classList.toggle('no-' + k, !e.target.checked) }),
        el('span', { class: 'swatch', style: { background: color } }), label)),
      el('label', null, el('input', { type: 'checkbox', checked: true, onchange: (e) => pre.classList.toggle('show-codes', e.target.checked) }), 'Actor codes'),
      el('span', { class: 'hint' }, 'Entity underline: ',
        ['PERSON', 'ORG', 'GPE', 'LOC', 'NORP', 'MISC'].map((t) => el('span', { class: `ann-ent ${t}`, text: t, style: { 'margin-right': '6px' } }))));

    // Side: events, quotes, counts, network.
    const evBody = el('tbody');
    const evTable = el('div', { class: 'table-wrap' }, el('table', { class: 'data', id: `${prefix}-events` },
      el('thead', null, el('tr', null, ['Event', 'Actor → recipient', 'Trigger', 'Date', 'Where'].map((h) => el('th', { text: h })))), evBody));
    for (const ev of events) {
      const mods = MODALITY.slice(0, 3).filter((m) => ev.modality && ev.modality[m]);
      const parties = (ps) => ps.map((p) => participantCode(rec, p) || '?').join(', ');
      evBody.append(el('tr', { class: 'ev-row', data: { eventId: ev.id } },
        el('td', { class: 'nowrap' }, ploverBadge(ev.plover && ev.plover.type), el('span', { class: 'cameo', text: ev.cameo ? ev.cameo.code : '' }),
          mods.map((m) => el('span', { class: 'flag' + (m === 'negated' ? ' neg' : ''), text: m }))),
        el('td', { class: 'code-tag' }, parties(ev.actor || []) || '—', ' → ', parties(ev.recipient || []) || '—'),
        el('td', { text: ev.trigger ? ev.trigger.text : '' }),
        el('td', { class: 'nowrap', text: ev.date ? ev.date.value : '—' }),
        el('td', { text: ev.location ? ev.location.name || ev.location.country || '' : '' })));
    }
    const quoteList = el('ul', { class: 'quotes', id: `${prefix}-quotes` });
    for (const q of quotes) {
      const kind = q.scare ? 'scare quote' : q.direct ? 'direct' : 'reported';
      quoteList.append(el('li', { data: { quote: q.id } },
        el('span', { class: 'q-kind', text: kind }),
        el('span', { class: 'q-speaker' }, q.speaker ? q.speaker.text : (q.scare ? '' : 'unknown speaker'),
          q.speaker && participantCode(rec, q.speaker) ? el('span', { class: 'code-tag', text: participantCode(rec, q.speaker) }) : null),
        el('span', { class: 'q-text' + (q.direct ? ' direct' : ''), text: q.text })));
    }
    const countBody = el('tbody');
    for (const c of counts) {
      const qual = c.qualifier && c.qualifier !== 'exactly' ? c.qualifier.replace(/_/g, ' ') + ' ' : '';
      countBody.append(el('tr', { class: 'count-row', data: { count: c.id } },
        el('td', { text: c.kind }), el('td', { class: 'num', text: qual + fmt(c.count) }),
        el('td', { text: c.victims ? c.victims.text : '' }), el('td', { text: c.source ? partLabel(rec, c.source) : '' })));
    }
    const countTable = el('div', { class: 'table-wrap' }, el('table', { class: 'data', id: `${prefix}-counts` },
      el('thead', null, el('tr', null, ['Kind', 'Number', 'Victims', 'Source'].map((h) => el('th', { text: h })))), countBody));
    const graph = el('div', { class: 'graph doc-graph', id: `${prefix}-network` });
    const graphLegend = el('div', { class: 'legend' });

    const side = el('div', { class: 'side' },
      el('h3', { text: `Events (${events.length})` }), events.length ? evTable : el('p', { class: 'section-empty', text: 'No events.' }),
      el('h3', { text: `Quotes (${quotes.length})` }), quotes.length ? quoteList : el('p', { class: 'section-empty', text: 'No quotes.' }),
      el('h3', { text: `Counts (${counts.length})` }), counts.length ? countTable : el('p', { class: 'section-empty', text: 'No counts.' }),
      el('h3', { text: 'Network of this document' }), graph, graphLegend);
    // Tests and scripts look for the section ids even when a list is empty.
    if (!events.length) side.append(el('table', { id: `${prefix}-events`, hidden: true }));
    if (!quotes.length) side.append(el('ul', { id: `${prefix}-quotes`, hidden: true }));

    container.replaceChildren(head, layers, el('div', { class: 'record-grid' }, pre, side));
    const nodes = renderText(pre, rec, spans);

    // Hover: every span under the pointer, innermost first.
    let linked = [];
    const unlink = () => { for (const n of linked) n.classList.remove('linked'); linked = []; };
    const linkSpans = (ids) => {
      unlink();
      for (const id of ids) for (const n of nodes.get(id) || []) { n.classList.add('linked'); linked.push(n); }
    };
    const spansAt = (target) => {
      const out = [];
      for (let n = target; n && n !== pre; n = n.parentElement) {
        const s = n.dataset && n.dataset.s ? byId.get(n.dataset.s) : null;
        if (s && s.kind !== 'sent') out.push(s);
      }
      return out;
    };
    pre.addEventListener('mouseover', (e) => {
      const found = spansAt(e.target);
      if (!found.length) { hideTooltip(); unlink(); return; }
      const blocks = found.filter((s) => s.kind !== 'part' || found.length === 1).map((s) => {
        const rows = s.kind === 'event' ? eventBlock(rec, s.item) : s.kind === 'quote' ? quoteBlock(rec, s.item)
          : s.kind === 'count' ? countBlock(rec, s.item) : s.kind === 'ent' ? entityBlock(rec, s.item)
            : s.kind === 'time' ? timexBlock(rec, s.item) : participantBlock(rec, s.item);
        return el('div', { class: 'tt-block' }, rows);
      });
      showTooltip(blocks, e.clientX, e.clientY);
      linkSpans(found.flatMap((s) => links.get(s.id) || []));
    });
    pre.addEventListener('mousemove', (e) => moveTooltip(e.clientX, e.clientY));
    pre.addEventListener('mouseleave', () => { hideTooltip(); unlink(); });

    const focus = (evId, scroll) => {
      for (const n of pre.querySelectorAll('.ann-sent.focus')) n.classList.remove('focus');
      for (const r of evBody.querySelectorAll('tr.selected')) r.classList.remove('selected');
      const ev = events.find((x) => x.id === evId);
      if (!ev) return false;
      for (const n of pre.querySelectorAll(`.ann-sent[data-sent="${Number(ev.sentence)}"]`)) n.classList.add('focus');
      const row = Array.from(evBody.rows).find((r) => r.dataset.eventId === evId);
      if (row) row.classList.add('selected');
      const s = eventSpans.get(evId);
      const target = (s && nodes.get(s.id) && nodes.get(s.id)[0]) || pre.querySelector('.ann-sent.focus');
      if (target && scroll) scrollWithin(pre, target);
      if (s) linkSpans(links.get(s.id) || []);
      return true;
    };
    evBody.addEventListener('click', (e) => {
      const row = e.target.closest('tr');
      if (row) focus(row.dataset.eventId, true);
    });
    evBody.addEventListener('mouseover', (e) => {
      const row = e.target.closest('tr');
      const s = row && eventSpans.get(row.dataset.eventId);
      if (s) linkSpans([s.id, ...(links.get(s.id) || [])]);
    });
    quoteList.addEventListener('click', (e) => {
      const li = e.target.closest('li');
      const n = li && pre.querySelector(`.ann-quote[data-quote="${CSS.escape(li.dataset.quote)}"]`);
      if (n) { scrollWithin(pre, n); linkSpans([n.dataset.s]); }
    });
    countBody.addEventListener('click', (e) => {
      const row = e.target.closest('tr');
      const n = row && pre.querySelector(`.ann-count[data-count="${CSS.escape(row.dataset.count)}"]`);
      if (n) { scrollWithin(pre, n); linkSpans([n.dataset.s]); }
    });

    drawDocGraph(prefix, rec, graph, graphLegend);
    if (focusEvent) focus(focusEvent, true);
    container.dataset.rendered = String(Date.now());
  }

  // ------------------------------------------------------------ networks

  const baseGraphStyle = [
    { selector: 'node', style: {
      'background-color': '#4a6785', label: 'data(id)', 'font-size': 11, color: '#1d232b',
      'text-valign': 'bottom', 'text-margin-y': 3, width: 'data(size)', height: 'data(size)',
      'font-family': 'system-ui, sans-serif', 'text-outline-color': '#fff', 'text-outline-width': 2,
    } },
    { selector: 'edge', style: {
      'line-color': 'data(color)', 'target-arrow-color': 'data(color)', 'target-arrow-shape': 'triangle',
      'curve-style': 'bezier', width: 'data(w)', opacity: 0.85, 'arrow-scale': 0.9,
    } },
    { selector: 'edge.mutual', style: { 'target-arrow-shape': 'none', 'line-style': 'dashed' } },
    { selector: 'edge.labelled', style: {
      label: 'data(label)', 'font-size': 9, color: '#3b4450', 'text-rotation': 'autorotate',
      'text-background-color': '#fff', 'text-background-opacity': 0.85, 'text-background-padding': 1,
    } },
    { selector: ':selected', style: { 'overlay-color': '#24527a', 'overlay-opacity': 0.15 } },
  ];

  // clampZoom keeps a small graph from being blown up to fill its box.
  function clampZoom(cy, max) {
    if (cy.zoom() > max) { cy.zoom(max); cy.center(); }
  }

  function destroyGraph(key) {
    if (state.graphs[key]) { state.graphs[key].destroy(); delete state.graphs[key]; }
  }

  // reviveGraph redraws a graph whose container was hidden while it was laid out.
  function reviveGraph(key) {
    const cy = state.graphs[key];
    if (cy) requestAnimationFrame(() => { cy.resize(); cy.fit(undefined, 30); clampZoom(cy, 1.3); });
  }

  // drawDocGraph draws one document's events: actor codes as nodes, one edge
  // per actor, recipient and PLOVER type; actors acting together with no
  // recipient are joined by dashed edges.
  function drawDocGraph(prefix, rec, container, legendBox) {
    destroyGraph(prefix);
    const nodes = new Map(), edges = new Map();
    for (const ev of rec.events || []) {
      const type = (ev.plover && ev.plover.type) || '';
      const A = (ev.actor || []).map((p) => participantCode(rec, p)).filter(Boolean);
      const R = (ev.recipient || []).map((p) => participantCode(rec, p)).filter(Boolean);
      for (const c of [...A, ...R]) nodes.set(c, (nodes.get(c) || 0) + 1);
      const addEdge = (s, t, mutual) => {
        const key = `${s}\u0000${t}\u0000${type}`;
        const e = edges.get(key) || { source: s, target: t, type, n: 0, mutual };
        e.n++;
        edges.set(key, e);
      };
      if (R.length) for (const a of new Set(A)) for (const r of new Set(R)) addEdge(a, r, false);
      else {
        const u = Array.from(new Set(A));
        for (let i = 0; i < u.length; i++) for (let j = i + 1; j < u.length; j++) addEdge(u[i], u[j], true);
      }
    }
    const types = new Set(Array.from(edges.values()).map((e) => e.type));
    legend(legendBox, types);
    container.dataset.nodes = String(nodes.size);
    container.dataset.edges = '0';
    if (!nodes.size) {
      container.classList.add('is-empty');
      container.replaceChildren(el('p', { class: 'empty', text: 'No events with coded actors.' }));
      container.dataset.edges = '0';
      return;
    }
    if (typeof cytoscape !== 'function') { showError('the network library did not load'); return; }
    container.classList.remove('is-empty');
    container.replaceChildren();
    const elements = [];
    for (const [id, n] of nodes) elements.push({ data: { id, size: 18 + 6 * Math.sqrt(n) } });
    let i = 0;
    for (const e of edges.values()) {
      elements.push({
        data: { id: `e${i++}`, source: e.source, target: e.target, color: typeColor(e.type), w: 1.5 + Math.log2(1 + e.n) * 1.5,
          label: e.n > 1 ? `${e.type} ×${e.n}` : e.type, type: e.type, n: e.n },
        classes: 'labelled' + (e.mutual ? ' mutual' : ''),
      });
    }
    const cy = cytoscape({
      container, elements, style: baseGraphStyle, minZoom: 0.2, maxZoom: 4,
      layout: nodes.size <= 8 ? { name: 'circle', padding: 40, avoidOverlap: true }
        : { name: 'cose', animate: false, padding: 30, randomize: false, nodeRepulsion: () => 20000, idealEdgeLength: () => 120 },
    });
    clampZoom(cy, 1.3);
    state.graphs[prefix] = cy;
    container.dataset.edges = String(cy.edges().length);
  }

  // ------------------------------------------------------------- annotate

  function annotateBody() {
    const text = $('#annotate-text').value;
    if (!text.trim()) throw new Error('Paste an article or choose a file first.');
    const body = {};
    const id = $('#annotate-id').value.trim();
    if (id) body.id = id;
    if ($('#annotate-format').value === 'html') body.html = text; else body.text = text;
    const title = $('#annotate-title').value.trim();
    if (title) body.title = title;
    const date = $('#annotate-date').value.trim();
    if (date) body.date = date;
    return JSON.stringify(body);
  }

  function setBusy(busy, message) {
    $('#annotate-run').disabled = busy;
    $('#annotate-store').disabled = busy;
    const st = $('#annotate-status');
    st.className = 'status';
    st.replaceChildren(message || '');
  }

  async function runAnnotate() {
    clearError();
    let body;
    try { body = annotateBody(); } catch (e) { showError(e); return; }
    const t = ticket('annotate');
    setBusy(true, 'Annotating…');
    const started = performance.now();
    try {
      const rec = await api('api/extract', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      if (!current('annotate', t)) return;
      if (rec.error) throw new APIError(0, rec.error);
      setBusy(false, `Annotated in ${Math.round(performance.now() - started)} ms.`);
      renderRecord($('#annotate-result'), rec, 'annotate', '');
    } catch (e) {
      if (current('annotate', t)) { setBusy(false, ''); showError(e); }
    }
  }

  async function runStore() {
    clearError();
    let body;
    try { body = annotateBody(); } catch (e) { showError(e); return; }
    const token = $('#annotate-token').value.trim();
    try { localStorage.setItem('dyad.token', token); } catch { /* storage may be off */ }
    const headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    setBusy(true, 'Storing…');
    try {
      const res = await api('api/documents', { method: 'POST', headers, body });
      const stored = res.stored || [], errors = res.errors || [];
      const st = $('#annotate-status');
      setBusy(false, '');
      if (stored.length) {
        const s = stored[0];
        st.className = 'status ok';
        st.replaceChildren(`Stored as ${s.id}: ${plural(s.events || 0, 'event')}, ${plural(s.quotes || 0, 'quote')}, ${plural(s.counts || 0, 'count')}. `,
          el('a', { href: `#doc/${encodeURIComponent(s.id)}`, id: 'annotate-stored-link', text: 'Open the stored document' }));
      }
      if (errors.length) showError(errors.map((e) => `${e.id}: ${e.error}`).join('; '));
      state.events.key = null;
      state.docCache = null;
      loadStats();
    } catch (e) {
      setBusy(false, '');
      showError(e);
    }
  }

  async function readFile(input) {
    const f = input.files && input.files[0];
    if (!f) return;
    clearError();
    try {
      const text = await f.text();
      const html = /\.x?html?$/i.test(f.name) || /^\s*<(!doctype|html|head|body|article|div|p|meta|title)\b/i.test(text);
      $('#annotate-format').value = html ? 'html' : 'text';
      $('#annotate-text').value = text;
      if (!$('#annotate-id').value.trim()) $('#annotate-id').value = f.name;
      $('#annotate-status').textContent = `Read ${f.name} (${fmt(f.size)} bytes, ${html ? 'HTML' : 'plain text'}).`;
    } catch (e) {
      showError(`cannot read ${f.name}: ${e.message}`);
    }
  }

  // ---------------------------------------------------------------- events

  const partyCell = (ps) => el('td', null, (ps || []).length ? ps.map((p) => el('span', { class: 'party' },
    el('span', { class: 'code-tag', text: p.code || ((p.country || '') + (p.sector || '')) || '?' }), ' ',
    el('span', { class: 'who', text: p.text || '' }))) : '—');

  // markTrigger returns the sentence as nodes with the trigger marked: at
  // its offsets (code points) when the API gives them, else its first
  // whole-word occurrence.
  function markTrigger(sentence, trigger, start, end) {
    if (!trigger) return [sentence];
    if (Number.isInteger(start) && Number.isInteger(end) && start < end) {
      const cps = Array.from(sentence);
      if (end <= cps.length) {
        return [cps.slice(0, start).join(''), el('mark', { class: 'trig', text: cps.slice(start, end).join('') }), cps.slice(end).join('')];
      }
    }
    const quoted = trigger.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const m = new RegExp(`(?<![\\p{L}\\p{N}])${quoted}(?![\\p{L}\\p{N}])`, 'u').exec(sentence);
    if (!m) return [sentence];
    return [sentence.slice(0, m.index), el('mark', { class: 'trig', text: trigger }), sentence.slice(m.index + trigger.length)];
  }

  async function renderEvents() {
    const limit = $('#events-limit').value;
    const key = filterQuery({ limit });
    if (state.events.key !== key) state.events = { key, cursors: [''], idx: 0 };
    const cursor = state.events.cursors[state.events.idx];
    const t = ticket('events');
    const tbody = $('#events-table tbody');
    $('#export-link').href = 'api/export?' + new URLSearchParams([['format', $('#export-format').value], ...new URLSearchParams(filterQuery())]).toString();
    $('#events-table').classList.add('loading');
    try {
      const data = await api('api/events?' + filterQuery({ limit, cursor }));
      if (!current('events', t)) return;
      const evs = data.events || [];
      state.events.next = data.next || '';
      $('#events-total').textContent = data.total_exact === false
        ? `more than ${fmt(data.total)} events` : plural(data.total || 0, 'event');
      $('#events-page').textContent = `page ${fmt(state.events.idx + 1)}`;
      $('#events-prev').disabled = state.events.idx === 0;
      $('#events-next').disabled = !data.next;
      $('#events-empty').hidden = evs.length > 0;
      tbody.replaceChildren(...evs.map((e) => {
        const href = `#doc/${encodeURIComponent(e.doc_id)}?event=${encodeURIComponent(e.event_id)}`;
        const mods = ['negated', 'hypothetical', 'future'].filter((m) => e.modality && e.modality[m]);
        const c = e.cluster;
        const loc = e.location;
        return el('tr', { data: { doc: e.doc_id, event: e.event_id } },
          el('td', { class: 'nowrap', text: e.date ? e.date + (e.date_precision && e.date_precision !== 'day' ? ` (${e.date_precision})` : '') : '—' }),
          partyCell(e.actor),
          el('td', { class: 'nowrap' }, ploverBadge(e.plover && e.plover.type),
            el('span', { class: 'cameo', text: e.cameo ? e.cameo.code : '', title: e.cameo && state.rootNames[e.cameo.root] ? state.rootNames[e.cameo.root] : null }),
            mods.map((m) => el('span', { class: 'flag' + (m === 'negated' ? ' neg' : ''), text: m }))),
          partyCell(e.recipient),
          el('td', { text: e.trigger || '' }),
          el('td', { class: 'sentence' },
            el('a', { class: 'evidence-link', href, title: 'Open the document at this sentence' }, markTrigger(e.sentence || '', e.trigger || '', e.trigger_start, e.trigger_end)),
            el('span', { class: 'doc-title', text: e.title || e.doc_id })),
          el('td', { text: loc ? `${loc.name || ''}${loc.country ? ` (${loc.country})` : ''}` : '—' }),
          el('td', { class: 'num nowrap', text: c ? `${fmt(c.mentions)} / ${fmt(c.articles)} / ${fmt(c.sources)}` : '—' }));
      }));
    } catch (e) {
      if (!current('events', t)) return;
      tbody.replaceChildren();
      $('#events-total').textContent = '';
      showError(e);
    } finally {
      if (current('events', t)) $('#events-table').classList.remove('loading');
    }
  }

  // ------------------------------------------------------------- document

  async function renderDoc(id, eventId) {
    const box = $('#doc-result');
    if (!id) { box.replaceChildren(el('p', { class: 'empty', text: 'No document given.' })); return; }
    const t = ticket('doc');
    if (state.docCache && state.docCache.id === id) {
      renderRecord(box, state.docCache, 'doc', eventId);
      return;
    }
    box.replaceChildren(el('p', { class: 'empty', text: 'Loading…' }));
    try {
      const rec = await api('api/documents/' + encodeURIComponent(id));
      if (!current('doc', t)) return;
      state.docCache = rec;
      renderRecord(box, rec, 'doc', eventId);
    } catch (e) {
      if (!current('doc', t)) return;
      box.replaceChildren();
      showError(e);
    }
  }

  // --------------------------------------------------------------- network

  async function renderNetwork() {
    const by = $('input[name="network-by"]:checked').value;
    const limit = $('#network-limit').value;
    const t = ticket('network');
    const box = $('#network-graph');
    try {
      const data = await api('api/events/network?' + filterQuery({ by, limit }));
      if (!current('network', t)) return;
      destroyGraph('network');
      const nodes = data.nodes || [], edges = data.edges || [];
      box.dataset.nodes = String(nodes.length);
      box.dataset.edges = String(edges.length);
      $('#network-info').textContent = `${plural(nodes.length, 'node')}, ${plural(edges.length, 'edge')}` +
        (edges.length >= Number(limit) ? ` (the ${fmt(Number(limit))} heaviest)` : '') + '. Click an edge or a node to list its events.';
      legend($('#network-legend'), new Set(edges.map((e) => e.type)));
      if (!nodes.length) { box.replaceChildren(el('p', { class: 'empty', text: 'No events with a coded actor and recipient match these filters.' })); return; }
      box.replaceChildren();
      const maxN = Math.max(1, ...nodes.map((n) => n.n));
      const maxE = Math.max(1, ...edges.map((e) => e.n));
      const ids = new Set(nodes.map((n) => String(n.id)));
      const elements = nodes.map((n) => ({ data: { id: String(n.id), n: n.n, size: 14 + 36 * Math.sqrt(n.n / maxN) } }));
      edges.forEach((e, i) => {
        if (!ids.has(String(e.source)) || !ids.has(String(e.target))) return;
        elements.push({ data: { id: `e${i}`, source: String(e.source), target: String(e.target), type: e.type, n: e.n,
          color: typeColor(e.type), w: 1 + 6 * Math.sqrt(e.n / maxE) } });
      });
      const cy = cytoscape({
        container: box, elements, style: baseGraphStyle, minZoom: 0.1, maxZoom: 5,
        layout: { name: 'cose', animate: false, padding: 30, randomize: true, nodeRepulsion: () => 60000, nodeOverlap: 40,
          idealEdgeLength: () => 110, edgeElasticity: () => 60, gravity: 0.6, numIter: 1500 },
      });
      clampZoom(cy, 1.5);
      state.graphs.network = cy;
      box.dataset.edges = String(cy.edges().length);
      const tip = (ev, blocks) => showTooltip(blocks, ev.originalEvent.clientX, ev.originalEvent.clientY);
      cy.on('mouseover', 'node', (ev) => tip(ev, [el('div', { class: 'tt-block' },
        el('span', { class: 'tt-title', text: ev.target.id() }), ttRow('Events', fmt(ev.target.data('n'))))]));
      cy.on('mouseover', 'edge', (ev) => {
        const d = ev.target.data();
        tip(ev, [el('div', { class: 'tt-block' }, el('span', { class: 'tt-title' }, ploverBadge(d.type), `${d.source} → ${d.target}`),
          ttRow('Events', fmt(d.n)))]);
      });
      cy.on('mouseout', () => hideTooltip());
      // A node is a country, or a whole actor code when grouped by code.
      const side = (id, prefix) => (by === 'code' ? { [prefix + '_code']: id } : { [prefix + '_country']: id });
      cy.on('tap', 'edge', (ev) => {
        const d = ev.target.data();
        hideTooltip();
        state.filters = { ...state.filters, ...side(d.source, 'actor'), ...side(d.target, 'recipient'), type: d.type };
        go(viewHash('events'));
      });
      cy.on('tap', 'node', (ev) => {
        hideTooltip();
        const id = ev.target.id();
        state.filters = by === 'code' ? { ...state.filters, ...side(id, 'actor') } : { ...state.filters, country: id };
        go(viewHash('events'));
      });
    } catch (e) {
      if (current('network', t)) showError(e);
    }
  }

  // -------------------------------------------------------------- timeline

  // periodRange lists every period from first to last, so that quiet periods
  // show as gaps; null when that would be too many.
  function periodRange(first, last, interval) {
    const out = [];
    if (interval === 'year') {
      for (let y = Number(first); y <= Number(last) && out.length <= 3000; y++) out.push(String(y));
    } else if (interval === 'month') {
      let [y, m] = first.split('-').map(Number);
      const [ly, lm] = last.split('-').map(Number);
      while ((y < ly || (y === ly && m <= lm)) && out.length <= 3000) {
        out.push(`${y}-${String(m).padStart(2, '0')}`);
        if (++m > 12) { m = 1; y++; }
      }
    } else {
      const step = interval === 'week' ? 7 : 1;
      let d = Date.parse(first + 'T00:00:00Z');
      const end = Date.parse(last + 'T00:00:00Z');
      if (Number.isNaN(d) || Number.isNaN(end)) return null;
      for (; d <= end && out.length <= 3000; d += step * 86400000) out.push(new Date(d).toISOString().slice(0, 10));
    }
    return out.length > 3000 ? null : out;
  }

  function chart(key, box) {
    if (typeof echarts === 'undefined') throw new Error('the chart library did not load');
    let c = state.charts[key];
    if (!c || c.isDisposed() || c.getDom() !== box) { c = echarts.init(box, null, { renderer: 'canvas' }); state.charts[key] = c; }
    return c;
  }

  // tipBox builds the DOM content of a chart tooltip.
  const tipBox = (title, rows) => el('div', { class: 'chart-tip' }, el('div', { class: 'tt-title', text: title }), rows);

  async function renderTimeline() {
    const interval = $('#timeline-interval').value;
    const t = ticket('timeline');
    const box = $('#timeline-chart');
    try {
      const data = await api('api/events/timeline?' + filterQuery({ interval }));
      if (!current('timeline', t)) return;
      const buckets = data.buckets || [];
      const present = Array.from(new Set(buckets.map((b) => b.period))).sort();
      const periods = (present.length && periodRange(present[0], present[present.length - 1], data.interval)) || present;
      const types = sortTypes(new Set(buckets.map((b) => b.type)));
      const n = new Map(buckets.map((b) => [`${b.period}|${b.type}`, b.n]));
      const total = buckets.reduce((s, b) => s + b.n, 0);
      $('#timeline-info').textContent = `${plural(total, 'dated event')} by ${data.interval || 'period'}` + (present.length ? `, ${present[0]} to ${present[present.length - 1]}` : '');
      const c = chart('timeline', box);
      c.setOption({
        animation: false,
        textStyle: { fontFamily: 'system-ui, sans-serif' },
        tooltip: {
          trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, textStyle: { color: '#1d232b' },
          formatter: (ps) => {
            const rows = ps.filter((p) => p.value).map((p) => el('div', { class: 'tt-row' }, el('span', { class: 'swatch', style: { background: typeColor(p.seriesName), 'margin-right': '6px' } }), `${p.seriesName}: ${fmt(p.value)}`));
            return tipBox(ps.length ? ps[0].axisValue : '', rows.length ? rows : [el('div', { text: 'no events' })]);
          },
        },
        legend: { type: 'scroll', top: 8, left: 10, right: 10, icon: 'roundRect', itemWidth: 12, itemHeight: 10 },
        grid: { left: 56, right: 24, top: 64, bottom: periods.length > 30 ? 76 : 40 },
        xAxis: { type: 'category', data: periods, axisTick: { alignWithLabel: true } },
        yAxis: { type: 'value', name: 'events', minInterval: 1 },
        dataZoom: periods.length > 30 ? [{ type: 'slider', bottom: 16, height: 22 }, { type: 'inside' }] : [],
        series: types.map((ty) => ({
          name: ty, type: 'bar', stack: 'events', barMaxWidth: 48, itemStyle: { color: typeColor(ty) },
          emphasis: { focus: 'series' }, data: periods.map((p) => n.get(`${p}|${ty}`) || 0),
        })),
        graphic: total ? [] : [{ type: 'text', left: 'center', top: 'middle', style: { text: 'No dated events match these filters.', fill: '#5d6673', fontSize: 14 } }],
      }, true);
      c.resize();
      box.dataset.periods = String(periods.length);
      box.dataset.series = String(types.length);
    } catch (e) {
      if (current('timeline', t)) showError(e);
    }
  }

  // ------------------------------------------------------------------- map

  // planarRing redraws a ring that crosses the antimeridian for a flat map:
  // a ring that comes back (Fiji, Chukotka) is unwrapped past 180°, one that
  // goes round a pole (Antarctica) is closed along the pole.
  function planarRing(ring) {
    let net = 0, cut = -1;
    for (let i = 1; i < ring.length; i++) {
      const d = ring[i][0] - ring[i - 1][0];
      if (Math.abs(d) > 180) { net += d > 0 ? -360 : 360; cut = i; }
    }
    if (cut < 0) return ring;
    if (net === 0) {
      let shift = 0;
      return ring.map((p, i) => {
        if (i > 0) {
          const d = p[0] - ring[i - 1][0];
          if (d > 180) shift -= 360; else if (d < -180) shift += 360;
        }
        return [p[0] + shift, p[1]];
      });
    }
    const open = ring.slice(0, -1);
    const rot = open.slice(cut).concat(open.slice(0, cut));
    const first = rot[0], last = rot[rot.length - 1];
    const pole = rot.reduce((s, p) => s + p[1], 0) < 0 ? -90 : 90;
    return [...rot, [last[0], pole], [first[0], pole], first];
  }

  async function loadWorld() {
    if (state.world) return;
    const res = await fetch('vendor/countries-110m.json?v=2.0.2');
    if (!res.ok) throw new Error(`cannot load the world map (${res.status})`);
    const topo = await res.json();
    const geo = topojson.feature(topo, topo.objects.countries);
    for (const f of geo.features) {
      const g = f.geometry;
      if (g && g.type === 'Polygon') g.coordinates = g.coordinates.map(planarRing);
      if (g && g.type === 'MultiPolygon') g.coordinates = g.coordinates.map((p) => p.map(planarRing));
    }
    echarts.registerMap('world', geo);
    state.world = true;
  }

  async function renderMap() {
    const limit = $('#map-limit').value;
    const t = ticket('map');
    const box = $('#map-chart');
    try {
      const [data] = await Promise.all([api('api/events/map?' + filterQuery({ limit })), loadWorld()]);
      if (!current('map', t)) return;
      const places = (data.places || []).filter((p) => typeof p.lat === 'number' && typeof p.lon === 'number');
      const maxN = Math.max(1, ...places.map((p) => p.n));
      const total = places.reduce((s, p) => s + p.n, 0);
      $('#map-info').textContent = `${plural(places.length, 'place')}, ${plural(total, 'event')} with a location` +
        (places.length >= Number(limit) ? ` (the ${fmt(Number(limit))} most eventful places)` : '') + '. Scroll to zoom, drag to pan.';
      const top = (p) => Object.entries(p.types || {}).sort((a, b) => b[1] - a[1]);
      const c = chart('map', box);
      c.setOption({
        animation: false,
        textStyle: { fontFamily: 'system-ui, sans-serif' },
        tooltip: {
          trigger: 'item', confine: true, textStyle: { color: '#1d232b' },
          formatter: (p) => {
            const pl = p.data && p.data.place;
            if (!pl) return null;
            return tipBox(`${pl.name}${pl.country ? ` (${pl.country})` : ''}`, [
              el('div', { text: `${plural(pl.n, 'event')} · ${pl.resolution || ''}` }),
              top(pl).map(([ty, k]) => el('div', { class: 'tt-row' }, el('span', { class: 'swatch', style: { background: typeColor(ty), 'margin-right': '6px' } }), `${ty}: ${fmt(k)}`)),
            ]);
          },
        },
        geo: {
          map: 'world', roam: true, scaleLimit: { min: 1, max: 40 }, top: 10, bottom: 10, silent: true,
          itemStyle: { areaColor: '#e6eaee', borderColor: '#b5bec8', borderWidth: 0.5 },
          emphasis: { disabled: true }, label: { show: false },
        },
        series: [{
          type: 'scatter', coordinateSystem: 'geo', name: 'places',
          data: places.map((p) => {
            const main = top(p)[0];
            return { name: p.name, value: [p.lon, p.lat, p.n], place: p, itemStyle: { color: typeColor(main ? main[0] : '') } };
          }),
          symbolSize: (v) => 5 + 25 * Math.sqrt(v[2] / maxN),
          itemStyle: { opacity: 0.8, borderColor: '#fff', borderWidth: 0.6 },
          emphasis: { scale: 1.3 },
        }],
      }, true);
      c.resize();
      box.dataset.places = String(places.length);
      legend($('#map-legend'), new Set(places.map((p) => (top(p)[0] || [''])[0]).filter(Boolean)));
    } catch (e) {
      if (current('map', t)) showError(e);
    }
  }

  // ------------------------------------------------------------------ start

  function init() {
    $('#error-close').addEventListener('click', clearError);
    $('#annotate-form').addEventListener('submit', (e) => { e.preventDefault(); runAnnotate(); });
    $('#annotate-store').addEventListener('click', runStore);
    $('#annotate-text').addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); runAnnotate(); }
    });
    $('#annotate-file').addEventListener('change', (e) => readFile(e.target));
    try { $('#annotate-token').value = localStorage.getItem('dyad.token') || ''; } catch { /* storage may be off */ }

    $('#filters').addEventListener('submit', (e) => {
      e.preventDefault();
      state.filters = filtersFromForm();
      go(viewHash(state.view));
    });
    $('#filters-reset').addEventListener('click', () => { state.filters = {}; go(viewHash(state.view)); });

    $('#events-limit').addEventListener('change', () => renderEvents());
    $('#events-next').addEventListener('click', () => {
      const s = state.events;
      if (!s.next) return;
      s.cursors[s.idx + 1] = s.next;
      s.cursors.length = s.idx + 2;
      s.idx++;
      renderEvents();
      window.scrollTo(0, 0);
    });
    $('#events-prev').addEventListener('click', () => {
      if (state.events.idx > 0) { state.events.idx--; renderEvents(); }
    });
    $('#export-format').addEventListener('change', () => {
      $('#export-link').href = 'api/export?' + new URLSearchParams([['format', $('#export-format').value], ...new URLSearchParams(filterQuery())]).toString();
    });
    for (const r of $$('input[name="network-by"]')) r.addEventListener('change', renderNetwork);
    $('#network-limit').addEventListener('change', renderNetwork);
    $('#timeline-interval').addEventListener('change', renderTimeline);
    $('#map-limit').addEventListener('change', renderMap);

    window.addEventListener('hashchange', route);
    window.addEventListener('resize', () => {
      for (const c of Object.values(state.charts)) if (!c.isDisposed()) c.resize();
    });
    window.addEventListener('scroll', hideTooltip, { passive: true });
    loadStats();
    route();
  }

  init();
})();
