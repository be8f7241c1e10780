// The admin console (contract §9): a page over the admin API of §3 and nothing else. Every
// form is built from what the server says (GET /api/admin/providers describes each
// provider's settings and secrets, the same description the server validates with), every
// 400 field error is shown at its field, and a secret is never rendered or stored: inputs
// are write-only, cleared after each save, and nothing goes to localStorage or
// sessionStorage. Text from the server only ever enters the page as textContent.

const $ = (css, root = document) => root.querySelector(css);
const $$ = (css, root = document) => [...root.querySelectorAll(css)];
// Absolute URLs from location.origin: a page opened as http://user:pass@host/… keeps those
// credentials in its base URL, and fetch refuses relative URLs that would inherit them.
const ROOT = location.origin + location.pathname.replace(/\/admin(\/.*)?$/, '');
const API = ROOT + '/api/admin';
const MASK = '***';
const PAGE = 25;

// ---------------------------------------------------------------- the API and messages

async function api(method, path, body) {
  const init = {method, credentials: 'same-origin', cache: 'no-store', headers: {Accept: 'application/json'}};
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const answer = await fetch(API + path, init);
  const text = await answer.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  return {status: answer.status, ok: answer.ok, json};
}

const statusBox = $('#status');
const problemBox = $('#problem');

function say(text) {
  problemBox.hidden = true;
  statusBox.textContent = text;
  statusBox.hidden = false;
}

function complain(answer, what) {
  statusBox.hidden = true;
  const p = answer.json || {};
  problemBox.textContent = `${what}: ${p.detail || p.title || 'no answer'} (HTTP ${answer.status}${p.code ? ', ' + p.code : ''})`;
  problemBox.hidden = false;
}

function quiet() {
  statusBox.hidden = true;
  problemBox.hidden = true;
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'className') e.className = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  e.append(...children);
  return e;
}

function row(cells, actions = []) {
  const tr = el('tr');
  for (const [label, value] of cells) {
    tr.append(el('td', {'data-label': label, text: value ?? ''}));
  }
  const td = el('td', {className: 'row-actions'});
  td.append(...actions);
  tr.append(td);
  return tr;
}

function button(text, onClick, attrs = {}) {
  const b = el('button', {type: 'button', className: 'secondary', text, ...attrs});
  b.addEventListener('click', onClick);
  return b;
}

// ---------------------------------------------------------------- field errors

/** Shows each {field, message} next to the element whose data-field is that field. */
function showFieldErrors(form, errors) {
  clearFieldErrors(form);
  const listed = [];
  let first = null;
  for (const error of errors) {
    const target = fieldTarget(form, error.field);
    listed.push([error, target]);
    if (!target) continue;
    const box = $(`[data-error-for="${CSS.escape(target.dataset.field)}"]`, form);
    const own = target.dataset.field;
    const message = error.field === own ? error.message : `${error.field.slice(own.length + 1)}: ${error.message}`;
    box.textContent = box.hidden ? message : `${box.textContent}; ${message}`;
    box.hidden = false;
    target.setAttribute('aria-invalid', 'true');
    first = first || target;
  }
  const summary = $('.form-errors', form);
  if (summary) {
    // Every error again, as links to their fields (one not shown at a field is only here).
    const list = el('ul', {className: 'error-list'});
    for (const [e, target] of listed) {
      const item = el('li', {'data-field': e.field});
      if (target) {
        const link = el('a', {href: '#connections', text: e.field});
        link.addEventListener('click', (event) => { event.preventDefault(); target.focus(); });
        item.append(link, el('span', {text: `: ${e.message}`}));
      } else {
        item.textContent = `${e.field}: ${e.message}`;
      }
      list.append(item);
    }
    summary.replaceChildren(el('p', {text: `${errors.length} ${errors.length === 1 ? 'problem' : 'problems'} to fix:`}), list);
    summary.hidden = false;
  }
  (first || summary)?.focus?.();
}

/** The input of a field, or of its nearest parent ("settings.headers.X-Key" → settings.headers). */
function fieldTarget(form, field) {
  let name = field;
  while (name) {
    const t = $$('[data-field]', form).find((e) => e.dataset.field === name);
    if (t) return t;
    name = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : '';
  }
  return null;
}

function clearFieldErrors(form) {
  $$('[data-error-for]', form).forEach((e) => { e.hidden = true; e.textContent = ''; });
  $$('[aria-invalid]', form).forEach((e) => e.removeAttribute('aria-invalid'));
  const summary = $('.form-errors', form);
  if (summary) summary.hidden = true;
}

// ---------------------------------------------------------------- tabs

const tabs = ['connections', 'journeys', 'events', 'blocks', 'outbox'];
const loaders = {};

function route() {
  const name = tabs.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'connections';
  for (const t of tabs) {
    $(`#${t}`).hidden = t !== name;
    const link = $(`[data-tab="${t}"]`);
    if (t === name) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  quiet();
  loaders[name]?.();
  return name;
}

window.addEventListener('hashchange', () => {
  const name = route();
  $(`#${name}-title`).focus();
});

// ---------------------------------------------------------------- connections

const connectionForm = $('#connection-form');
const testForm = $('#test-form');
const providerSelect = $('#connection-provider');
const channelSelect = $('#connection-channel');
let providers = [];
let editing = null; // the connection being edited (as GET shows it, secrets masked), or null

async function loadProviders() {
  if (providers.length) return;
  const answer = await api('GET', '/providers');
  if (!answer.ok) return complain(answer, 'Could not read the providers');
  providers = answer.json;
  providerSelect.replaceChildren(...providers.map((p) =>
    el('option', {value: p.id, text: `${p.id} (${p.channels.join(', ')})`})));
}

loaders.connections = async () => {
  await loadProviders();
  const answer = await api('GET', '/connections');
  if (!answer.ok) return complain(answer, 'Could not list the connections');
  const body = $('#connection-list tbody');
  body.replaceChildren(...answer.json.map((c) => {
    const tr = row([['Name', c.name], ['Channel', c.channel], ['Provider', c.provider], ['Health', health(c.health)]], [
      button('Edit', () => openConnection(c.name), {'aria-label': `Edit ${c.name}`}),
      button('Test', () => openTest(c.name), {'aria-label': `Test ${c.name}`}),
      button('Delete', () => deleteConnection(c.name), {'aria-label': `Delete ${c.name}`, className: 'danger'}),
    ]);
    tr.dataset.connection = c.name;
    return tr;
  }));
  $('#connections-empty').hidden = answer.json.length > 0;
  // Health is part of a connection's own GET (contract §8); when the list leaves it out, ask each.
  if (!answer.json.some((c) => c.health)) {
    await Promise.all(answer.json.map(async (c) => {
      const one = await api('GET', `/connections/${encodeURIComponent(c.name)}`);
      const cell = $(`tr[data-connection="${CSS.escape(c.name)}"] td[data-label=Health]`, body);
      if (one.ok && one.json && one.json.health && cell) cell.textContent = health(one.json.health);
    }));
  }
};

/** The delivery health (contract §8) when the server reports it; older servers do not. */
function health(h) {
  if (!h) return '—';
  let text = h.state;
  if (h.consecutiveFailures) text += `, ${h.consecutiveFailures} failure${h.consecutiveFailures === 1 ? '' : 's'} in a row`;
  if (h.openUntil) text += `, open until ${h.openUntil}`;
  if (h.lastFailure) text += ` (last: ${h.lastFailure.reason} at ${h.lastFailure.at})`;
  return text;
}

$('#new-connection').addEventListener('click', () => showConnectionForm(null));

async function openConnection(name) {
  const answer = await api('GET', `/connections/${encodeURIComponent(name)}`);
  if (!answer.ok) return complain(answer, `Could not read ${name}`);
  showConnectionForm(answer.json);
}

function showConnectionForm(connection) {
  quiet();
  editing = connection;
  testForm.hidden = true;
  clearFieldErrors(connectionForm);
  connectionForm.reset();
  $('#connection-form-title').textContent = connection ? `Edit ${connection.name}` : 'New connection';
  const name = $('#connection-name');
  name.value = connection ? connection.name : '';
  name.readOnly = !!connection;
  providerSelect.value = connection ? connection.provider : providers[0].id;
  providerFields(connection ? connection.channel : null);
  connectionForm.hidden = false;
  (connection ? providerSelect : name).focus();
}

providerSelect.addEventListener('change', () => providerFields(null));

/** Builds the channel choice, settings and secrets of the chosen provider from its description. */
function providerFields(channel) {
  const provider = providers.find((p) => p.id === providerSelect.value);
  if (!provider) return;
  channelSelect.replaceChildren(...provider.channels.map((c) => el('option', {value: c, text: c})));
  channelSelect.value = channel && provider.channels.includes(channel) ? channel : provider.channels[0];
  const sameProvider = editing && editing.provider === provider.id;
  const settings = sameProvider ? editing.settings : {};
  $('#settings-fields .fields').replaceChildren(...provider.settings.map((s) => settingField(s, settings[s.name])));
  $('#settings-fields').hidden = provider.settings.length === 0;
  const stored = sameProvider ? editing.secrets : {};
  $('#secret-fields .fields').replaceChildren(...provider.secrets.map((s) => secretField(s, s.name in stored)));
  $('#secret-fields').hidden = provider.secrets.length === 0;
}

function settingField(setting, value) {
  const id = `setting-${setting.name}`;
  const field = `settings.${setting.name}`;
  const hints = [];
  if (setting.required) hints.push('required');
  if (setting.requiredUnless) hints.push(`required unless ${setting.requiredUnless} is given`);
  if (setting.default !== undefined) hints.push(`default ${setting.default}`);
  if (setting.type === 'headers') hints.push('a JSON object of header names to values');
  if (setting.type === 'template') hints.push('placeholders such as ${to} and ${text}');
  let input;
  if (setting.type === 'choice' || setting.type === 'method') {
    const options = setting.allowed;
    input = el('select', {id});
    input.append(el('option', {value: '', text: setting.default ? `(default: ${setting.default})` : '(not set)'}),
      ...options.map((o) => el('option', {value: o, text: o})));
  } else if (setting.type === 'template' || setting.type === 'headers') {
    input = el('textarea', {id, rows: setting.type === 'headers' ? 3 : 4, spellcheck: 'false'});
  } else {
    const type = setting.type === 'url' ? 'url' : ['port', 'millis', 'count'].includes(setting.type) ? 'number' : 'text';
    input = el('input', {id, type, autocomplete: 'off', spellcheck: 'false',
      inputmode: type === 'number' ? 'numeric' : undefined, placeholder: setting.default});
  }
  input.dataset.field = field;
  input.dataset.kind = setting.type;
  input.setAttribute('aria-describedby', `hint-${setting.name} error-${id}`);
  if (setting.required) input.required = true;
  if (value !== undefined && value !== null) {
    input.value = typeof value === 'object' ? JSON.stringify(value, null, 2) : String(value);
  }
  return el('div', {className: 'field'},
    el('label', {for: id, text: setting.name}),
    input,
    el('p', {className: 'hint', id: `hint-${setting.name}`, text: hints.join('; ')}),
    el('p', {className: 'field-error', id: `error-${id}`, 'data-error-for': field, hidden: true}));
}

/**
 * A write-only secret. With a stored value: keep it (the default; nothing is sent), replace
 * it, or remove it (null). The stored value never reaches the page: the server shows "***".
 */
function secretField(secret, stored) {
  const id = `secret-${secret.name}`;
  const field = `secrets.${secret.name}`;
  const input = secret.multiline
    ? el('textarea', {id, rows: 4, className: 'secret', spellcheck: 'false', autocomplete: 'off'})
    : el('input', {id, type: 'password', autocomplete: 'new-password', spellcheck: 'false'});
  input.dataset.field = field;
  input.dataset.secret = secret.name;
  input.setAttribute('aria-describedby', `hint-${id} error-${id}`);
  if (stored) input.placeholder = MASK;
  const parts = [el('label', {for: id, text: secret.name + (secret.required ? ' (required)' : '')})];
  if (stored) {
    const mode = el('select', {id: `${id}-mode`, 'aria-label': `${secret.name}: keep, replace or remove`});
    mode.dataset.secretMode = secret.name;
    mode.append(el('option', {value: 'keep', text: 'keep the stored value'}),
      el('option', {value: 'replace', text: 'replace it'}),
      el('option', {value: 'remove', text: 'remove it'}));
    input.disabled = true;
    mode.addEventListener('change', () => {
      input.disabled = mode.value !== 'replace';
      if (input.disabled) input.value = '';
      else input.focus();
    });
    parts.push(mode);
  }
  parts.push(input,
    el('p', {className: 'hint', id: `hint-${id}`, text: stored ? 'A value is stored (shown as ***).' : 'Not stored.'}),
    el('p', {className: 'field-error', id: `error-${id}`, 'data-error-for': field, hidden: true}));
  return el('div', {className: 'field'}, ...parts);
}

function connectionBody() {
  const settings = {};
  const local = [];
  for (const input of $$('#settings-fields [data-field]')) {
    const name = input.dataset.field.slice('settings.'.length);
    const raw = input.value.trim();
    if (raw === '') continue;
    if (input.dataset.kind === 'headers') {
      try {
        settings[name] = JSON.parse(raw);
      } catch (e) {
        local.push({field: input.dataset.field, message: 'must be a JSON object, e.g. {"Content-Type": "application/json"}'});
      }
    } else if (['port', 'millis', 'count'].includes(input.dataset.kind) && /^\d+$/.test(raw)) {
      settings[name] = Number(raw);
    } else {
      settings[name] = input.dataset.kind === 'template' ? input.value : raw;
    }
  }
  const secrets = {};
  for (const input of $$('#secret-fields [data-secret]')) {
    const mode = $(`[data-secret-mode="${CSS.escape(input.dataset.secret)}"]`);
    if (mode && mode.value === 'remove') secrets[input.dataset.secret] = null;
    else if (mode && mode.value === 'keep') secrets[input.dataset.secret] = MASK;
    else if (input.value !== '') secrets[input.dataset.secret] = input.value;
  }
  return {body: {name: $('#connection-name').value.trim(), channel: channelSelect.value,
    provider: providerSelect.value, settings, secrets}, local};
}

function forgetSecrets() {
  $$('#secret-fields [data-secret]').forEach((i) => { i.value = ''; });
}

connectionForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  quiet();
  const {body, local} = connectionBody();
  if (local.length) return showFieldErrors(connectionForm, local);
  const answer = editing
    ? await api('PUT', `/connections/${encodeURIComponent(editing.name)}`, body)
    : await api('POST', '/connections', body);
  if (answer.status === 400 && answer.json && answer.json.errors) {
    return showFieldErrors(connectionForm, answer.json.errors);
  }
  if (!answer.ok) return complain(answer, 'The connection was not saved');
  forgetSecrets();
  clearFieldErrors(connectionForm);
  connectionForm.hidden = true;
  editing = null;
  say(`Saved the connection ${answer.json.name}.`);
  await loaders.connections();
  openTest(answer.json.name);
});

function openTest(name) {
  testForm.dataset.connection = name;
  $('#test-title').textContent = `Test send through ${name}`;
  $('#test-result').hidden = true;
  $('#test-to').value = '';
  clearFieldErrors(testForm);
  testForm.hidden = false;
  $('#test-to').focus();
}

testForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearFieldErrors(testForm);
  const name = testForm.dataset.connection;
  const result = $('#test-result');
  result.hidden = true;
  const answer = await api('POST', `/connections/${encodeURIComponent(name)}/test`, {to: $('#test-to').value.trim()});
  if (answer.status === 400 && answer.json && answer.json.errors) return showFieldErrors(testForm, answer.json.errors);
  const p = answer.json || {};
  result.dataset.delivered = String(answer.ok);
  $('.verdict', result).textContent = answer.ok
    ? 'Delivered. The provider answered:'
    : `Not delivered: ${p.detail || p.title || 'HTTP ' + answer.status} (${p.code || answer.status}). The provider answered:`;
  $('.answer', result).textContent = JSON.stringify(p.providerStatus ?? null, null, 2);
  result.className = `result ${answer.ok ? 'ok' : 'failed'}`;
  result.hidden = false;
});

async function deleteConnection(name) {
  if (!(await confirmInRow(`[data-connection="${CSS.escape(name)}"]`, `Delete ${name}?`))) return;
  const answer = await api('DELETE', `/connections/${encodeURIComponent(name)}`);
  if (answer.status === 409) {
    complain(answer, `${name} is still in use; change these journeys first`);
  } else if (!answer.ok) {
    complain(answer, `Could not delete ${name}`);
  } else {
    say(`Deleted the connection ${name}.`);
  }
  await loaders.connections();
  if (!answer.ok) problemBox.focus();
}

/** Asks in the row itself (no window.confirm: it is not styled and traps the keyboard). */
function confirmInRow(rowSelector, question) {
  return new Promise((resolve) => {
    const tr = $(rowSelector);
    const cell = $('.row-actions', tr);
    const saved = [...cell.childNodes];
    const done = (yes) => { cell.replaceChildren(...saved); resolve(yes); };
    const yes = button('Yes, delete', () => done(true), {className: 'danger'});
    cell.replaceChildren(el('span', {text: question + ' '}), yes, button('Cancel', () => done(false)));
    yes.focus();
  });
}

$$('[data-action=close]').forEach((b) => b.addEventListener('click', () => {
  const form = b.closest('form');
  forgetSecrets();
  form.hidden = true;
  editing = null;
}));

// ---------------------------------------------------------------- journeys

const journeyForm = $('#journey-form');
const journeyText = $('#journey-json');
let journeyId = null;

loaders.journeys = async () => {
  const answer = await api('GET', '/journeys');
  if (!answer.ok) return complain(answer, 'Could not list the journeys');
  $('#journey-list tbody').replaceChildren(...answer.json.map((j) => {
    const tr = row([['Id', j.id], ['Steps', Object.keys(j.steps || {}).join(', ')]], [
      button('Edit', () => openJourney(j.id), {'aria-label': `Edit ${j.id}`}),
      button('Delete', () => deleteJourney(j.id), {'aria-label': `Delete ${j.id}`, className: 'danger'}),
    ]);
    tr.dataset.journey = j.id;
    return tr;
  }));
  $('#journeys-empty').hidden = answer.json.length > 0;
};

async function openJourney(id) {
  const answer = await api('GET', `/journeys/${encodeURIComponent(id)}`);
  if (!answer.ok) return complain(answer, `Could not read ${id}`);
  showJourney(id, answer.json);
}

function showJourney(id, definition) {
  quiet();
  journeyId = id;
  $('#journey-form-title').textContent = `Journey ${id}`;
  journeyText.value = JSON.stringify(definition, null, 2);
  $('#journey-errors').hidden = true;
  journeyForm.hidden = false;
  journeyText.focus();
  journeyText.setSelectionRange(0, 0);
}

$('#template-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const idInput = $('#template-id');
  const error = $('#error-template-id');
  const id = idInput.value.trim();
  if (!/^[A-Za-z0-9_.-]+$/.test(id)) {
    error.textContent = 'Give the new journey an id: letters, digits, ".", "_" or "-".';
    error.hidden = false;
    idInput.setAttribute('aria-invalid', 'true');
    return idInput.focus();
  }
  error.hidden = true;
  idInput.removeAttribute('aria-invalid');
  const template = $('#template-choice').value;
  let definition = {id, start: 'done', steps: {done: {type: 'complete'}}};
  if (template) {
    const answer = await fetch(`${ROOT}/admin/templates/${template}.json`, {credentials: 'same-origin', cache: 'no-store'});
    if (!answer.ok) return complain({status: answer.status, json: null}, 'Could not read the template');
    definition = {...(await answer.json()), id};
  }
  showJourney(id, definition);
});

journeyForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  quiet();
  let definition;
  try {
    definition = JSON.parse(journeyText.value);
  } catch (e) {
    return showJourneyErrors('The definition is not valid JSON.', [{field: '', message: e.message}]);
  }
  const answer = await api('PUT', `/journeys/${encodeURIComponent(journeyId)}`, definition);
  if (answer.status === 400 && answer.json) {
    return showJourneyErrors(answer.json.detail || 'The journey is not valid.', answer.json.errors || []);
  }
  if (!answer.ok) return complain(answer, 'The journey was not saved');
  $('#journey-errors').hidden = true;
  say(`Saved the journey ${journeyId}.`);
  await loaders.journeys();
});

/** Lists every error of a PUT, each linked to the place of its dotted path in the editor. */
function showJourneyErrors(title, errors) {
  const box = $('#journey-errors');
  $('#journey-errors-title').textContent = `${title} ${errors.length} ${errors.length === 1 ? 'error' : 'errors'}:`;
  $('.error-list', box).replaceChildren(...errors.map((e) => {
    const link = el('a', {href: '#journeys', 'data-path': e.field, text: e.field || '(the document)'});
    link.addEventListener('click', (event) => {
      event.preventDefault();
      selectPath(e.field);
    });
    return el('li', {'data-path': e.field}, link, el('span', {text: `: ${e.message}`}));
  }));
  box.hidden = false;
  journeyText.setAttribute('aria-invalid', 'true');
  $('.error-list a', box)?.focus();
}

/** Selects, in the editor, the key of a dotted path ("steps.otp.sms.connection"). */
function selectPath(path) {
  const spot = locate(journeyText.value, path);
  journeyText.focus();
  if (spot) {
    journeyText.setSelectionRange(spot[0], spot[1]);
    const line = journeyText.value.slice(0, spot[0]).split('\n').length - 1;
    const lineHeight = parseFloat(getComputedStyle(journeyText).lineHeight) || 20;
    journeyText.scrollTop = Math.max(0, line * lineHeight - journeyText.clientHeight / 3);
  }
}

/**
 * Where a dotted path's key (or array item) stands in JSON text: [start, end], or the
 * deepest part of the path that exists. A small scanner, so it follows the text as typed.
 */
function locate(text, path) {
  const want = path ? path.split('.') : [];
  let i = 0;
  let best = null;
  const ws = () => { while (i < text.length && /\s/.test(text[i])) i++; };
  const string = () => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return [start, i, JSON.parse(text.slice(start, i))];
  };
  const value = (depth, matching) => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') { i++; return; }
      while (i < text.length) {
        ws();
        const [start, end, key] = string();
        const hit = matching && want[depth] === key;
        if (hit) best = [start, end, depth + 1];
        ws(); i++; // :
        value(depth + 1, hit);
        ws();
        if (text[i] === ',') { i++; continue; }
        i++;
        return;
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') { i++; return; }
      for (let n = 0; i < text.length; n++) {
        ws();
        const start = i;
        const hit = matching && want[depth] === String(n);
        value(depth + 1, hit);
        if (hit) best = [start, i, depth + 1];
        ws();
        if (text[i] === ',') { i++; continue; }
        i++;
        return;
      }
    } else if (c === '"') {
      string();
    } else {
      while (i < text.length && !/[\s,}\]]/.test(text[i])) i++;
    }
  };
  try {
    value(0, true);
  } catch (e) {
    // a half-typed document: keep what was found
  }
  return best && best.slice(0, 2);
}

async function deleteJourney(id) {
  if (!(await confirmInRow(`[data-journey="${CSS.escape(id)}"]`, `Delete ${id}?`))) return;
  const answer = await api('DELETE', `/journeys/${encodeURIComponent(id)}`);
  if (!answer.ok) complain(answer, `Could not delete ${id}`); else say(`Deleted the journey ${id}.`);
  if (journeyId === id) journeyForm.hidden = true;
  await loaders.journeys();
}

// ---------------------------------------------------------------- events

// The events API has no cursor: a page is a slice of the newest (page + 1) × PAGE + 1 events,
// which covers the first 500 (the API's largest limit).
let eventsPage = 0;
let eventsAsked = 0; // only the latest query may fill the table (answers can come out of order)

loaders.events = async () => {
  const asked = ++eventsAsked;
  const userId = $('#events-user').value.trim();
  const type = $('#events-type').value.trim();
  const limit = Math.min(500, (eventsPage + 1) * PAGE + 1);
  const query = new URLSearchParams({limit: String(limit)});
  if (userId) query.set('userId', userId);
  if (type) query.set('type', type);
  const answer = await api('GET', `/events?${query}`);
  if (asked !== eventsAsked) return;
  if (!answer.ok) return complain(answer, 'Could not read the events');
  const page = answer.json.slice(eventsPage * PAGE, (eventsPage + 1) * PAGE);
  $('#event-list tbody').replaceChildren(...page.map((e) => {
    const tr = el('tr', {'data-type': e.type});
    [['At', e.at], ['Type', e.type], ['User', e.userId], ['Channel', e.channel], ['Outcome', e.outcome],
      ['Details', e.details && Object.keys(e.details).length ? JSON.stringify(e.details) : '']]
      .forEach(([label, v]) => tr.append(el('td', {'data-label': label, text: v ?? ''})));
    return tr;
  }));
  $('#events-empty').hidden = page.length > 0;
  $('#events-newer').disabled = eventsPage === 0;
  $('#events-older').disabled = answer.json.length <= (eventsPage + 1) * PAGE || limit >= 500;
  $('#events-page').textContent = page.length ? `Page ${eventsPage + 1}` : '';
};

$('#events-filter').addEventListener('submit', (event) => {
  event.preventDefault();
  eventsPage = 0;
  loaders.events();
});
$('#events-newer').addEventListener('click', () => { eventsPage = Math.max(0, eventsPage - 1); loaders.events(); });
$('#events-older').addEventListener('click', () => { eventsPage++; loaders.events(); });

// ---------------------------------------------------------------- blocks and outbox

loaders.blocks = async () => {
  const answer = await api('GET', '/blocks');
  if (!answer.ok) return complain(answer, 'Could not list the blocks');
  $('#block-list tbody').replaceChildren(...answer.json.map((b) => {
    const tr = row([['Country code', '+' + b.countryCode], ['Reason', b.reason], ['Since', b.since], ['Until', b.until]], [
      button('Lift', () => liftBlock(b.countryCode), {'aria-label': `Lift the block of +${b.countryCode}`}),
    ]);
    tr.dataset.block = b.countryCode;
    return tr;
  }));
  $('#blocks-empty').hidden = answer.json.length > 0;
};

async function liftBlock(countryCode) {
  const answer = await api('DELETE', `/blocks/${encodeURIComponent(countryCode)}`);
  if (!answer.ok) complain(answer, `Could not lift +${countryCode}`); else say(`Lifted the block of +${countryCode}.`);
  await loaders.blocks();
}

loaders.outbox = async () => {
  const to = $('#outbox-to').value.trim();
  const answer = await api('GET', `/outbox?limit=50${to ? '&to=' + encodeURIComponent(to) : ''}`);
  if (answer.status === 404) {
    $('#outbox-tab').hidden = true;
    return complain(answer, 'The outbox is not enabled');
  }
  if (!answer.ok) return complain(answer, 'Could not read the outbox');
  $('#outbox-list tbody').replaceChildren(...answer.json.map((m) => {
    const tr = el('tr');
    [['Sent', m.sentAt], ['To', m.to], ['Channel', m.channel], ['Subject', m.subject], ['Text', m.text]]
      .forEach(([label, v]) => tr.append(el('td', {'data-label': label, text: v ?? ''})));
    return tr;
  }));
  $('#outbox-empty').hidden = answer.json.length > 0;
};

$('#outbox-filter').addEventListener('submit', (event) => {
  event.preventDefault();
  loaders.outbox();
});

/** The outbox tab shows only where the outbox is enabled (it answers 404 otherwise). */
async function detectOutbox() {
  const answer = await api('GET', '/outbox?limit=1');
  $('#outbox-tab').hidden = !answer.ok;
}

// ---------------------------------------------------------------- start

document.documentElement.dataset.ready = 'false';
detectOutbox();
Promise.resolve(route()).finally(() => { document.documentElement.dataset.ready = 'true'; });
