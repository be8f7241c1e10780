// The demo page: runs any stored journey with the web SDK, renders its steps, and in
// development mode shows the outbox beside it. Everything the server sends is put into the
// page as text (textContent), never as HTML.
import {ClientResponseOptionType, ErrorCode, Watchword, browserLocale, readSmsCode} from './sdk/watchword.js';

const STORAGE_KEY = 'watchword.demo.state';
const OTP_STEP = 'genericOTPAuthentication';
const OUTBOX_POLL_MILLIS = 2000;

const ww = new Watchword();
const $ = (selector, root = document) => root.querySelector(selector);

const chooser = $('#chooser');
const choice = $('#journey-choice');
const otherField = $('#other-field');
const other = $('#journey-other');
const problemBox = $('#problem');
const stepBox = $('#step');

/** Timers of the step on screen (countdowns); cleared when another step is rendered. */
let timers = [];
/** Stops the WebOTP wait of the step on screen when another step is rendered. */
let smsWait = null;
let busy = false;

// ---------------------------------------------------------------- state across reloads

function saveState() {
  try {
    if (ww.hasActiveJourney) {
      sessionStorage.setItem(STORAGE_KEY, ww.serializeState());
    } else {
      sessionStorage.removeItem(STORAGE_KEY);
    }
  } catch (e) {
    // Storage may be unavailable (private mode, quota): the page still works, only without resuming.
  }
}

function restoreState() {
  let stored = null;
  try {
    stored = sessionStorage.getItem(STORAGE_KEY);
  } catch (e) {
    return false;
  }
  if (!stored) return false;
  try {
    const response = ww.restoreFromSerializedState(stored);
    if (!response || !ww.hasActiveJourney) {
      sessionStorage.removeItem(STORAGE_KEY);
      return false;
    }
    render(response);
    return true;
  } catch (e) {
    sessionStorage.removeItem(STORAGE_KEY);
    return false;
  }
}

// ---------------------------------------------------------------- talking to the journey

async function run(action) {
  if (busy) return;
  setBusy(true);
  hideProblem();
  try {
    const response = await action();
    saveState();
    render(response);
  } catch (e) {
    saveState();
    showProblem(e);
    if (!ww.hasActiveJourney) showChooser();
  } finally {
    setBusy(false);
  }
}

function setBusy(value) {
  // run() ignores clicks while a request is on its way; this only tells the user and assistive tech.
  busy = value;
  $('#journey').setAttribute('aria-busy', String(value));
  document.body.classList.toggle('busy', value);
}

function showProblem(error) {
  let text = error && error.message ? error.message : 'Something went wrong.';
  if (error && error.code === ErrorCode.NetworkError) text = 'The server could not be reached. Try again.';
  if (error && error.status) text += ` (HTTP ${error.status})`;
  problemBox.textContent = text;
  problemBox.hidden = false;
}

function hideProblem() {
  problemBox.hidden = true;
  problemBox.textContent = '';
}

// ---------------------------------------------------------------- choosing a journey

choice.addEventListener('change', () => {
  otherField.hidden = choice.value !== '';
  if (!otherField.hidden) other.focus();
});

chooser.addEventListener('submit', (event) => {
  event.preventDefault();
  const journeyId = (choice.value || other.value).trim();
  if (!journeyId) {
    showProblem(new Error('Enter a journey id.'));
    other.focus();
    return;
  }
  run(() => ww.startJourney(journeyId));
});

function showChooser(focus = false) {
  chooser.hidden = false;
  if (focus) choice.focus();
}

// ---------------------------------------------------------------- rendering steps

function render(response) {
  for (const t of timers) clearInterval(t);
  timers = [];
  if (smsWait) smsWait.abort();
  smsWait = null;
  stepBox.replaceChildren();
  switch (response.type) {
    case 'client_input_required':
    case 'client_input_update_required':
      chooser.hidden = true;
      if (response.journeyStepId === OTP_STEP) renderOtp(response);
      else renderForm(response);
      break;
    case 'journey_success':
      chooser.hidden = true;
      renderSuccess(response);
      break;
    default:
      chooser.hidden = true;
      renderRejection(response);
  }
}

function fromTemplate(id) {
  const node = $(id).content.firstElementChild.cloneNode(true);
  stepBox.append(node);
  return node;
}

/** Shows errorData on a step presented again; returns the field errors it carries. */
function renderErrorData(view, response) {
  const box = $('.alert-error', view);
  const err = response.errorData;
  if (!err) return [];
  box.hidden = false;
  box.dataset.errorCode = err.errorCode;
  const message = document.createElement('p');
  message.textContent = err.description || humanize(err.errorCode);
  box.append(message);
  const fieldErrors = (err.data && Array.isArray(err.data.errors)) ? err.data.errors : [];
  if (fieldErrors.length) {
    const list = document.createElement('ul');
    for (const fe of fieldErrors) {
      const item = document.createElement('li');
      item.textContent = `${fe.field}: ${fe.message}`;
      list.append(item);
    }
    box.append(list);
  }
  const code = document.createElement('p');
  code.className = 'code';
  code.textContent = err.errorCode;
  box.append(code);
  return fieldErrors;
}

function renderForm(response) {
  const view = fromTemplate('#tpl-form');
  const input = (response.clientResponseOptions || {})[ClientResponseOptionType.ClientInput] || {};
  const schema = input.schema || {};
  const formId = (response.data && response.data.formId) || response.journeyStepId;
  view.dataset.formId = formId;
  $('.step-title', view).textContent = humanize(formId);
  $('[data-action="submit"]', view).textContent = input.label || 'Continue';
  const fieldErrors = renderErrorData(view, response);
  const fields = $('.fields', view);

  for (const [name, spec] of Object.entries(schema)) {
    const id = `field-${name}`;
    const wrap = document.createElement('div');
    wrap.className = 'field';
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = humanize(name) + (spec.required ? '' : ' (optional)');
    const el = document.createElement('input');
    el.id = id;
    el.name = name;
    el.dataset.type = spec.type || 'string';
    if (spec.type === 'boolean') {
      el.type = 'checkbox';
      wrap.classList.add('field-check');
      wrap.append(el, label);
    } else {
      el.type = spec.type === 'number' ? 'number' : inputType(name);
      if (spec.type === 'number') el.step = 'any';
      el.autocomplete = autocomplete(name);
      el.spellcheck = false;
      if (spec.required) el.required = true;
      wrap.append(label, el);
    }
    if (fieldErrors.some((fe) => fe.field === name || fe.field.endsWith(`.${name}`))) {
      el.setAttribute('aria-invalid', 'true');
    }
    fields.append(wrap);
  }

  view.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = {};
    for (const el of view.querySelectorAll('.fields input')) {
      if (el.dataset.type === 'boolean') data[el.name] = el.checked;
      else if (el.value.trim() !== '') data[el.name] = el.dataset.type === 'number' ? Number(el.value) : el.value.trim();
    }
    run(() => ww.submitClientResponse(ClientResponseOptionType.ClientInput, data));
  });
  wireCancel(view);
  const first = view.querySelector('[aria-invalid="true"]') || view.querySelector('.fields input');
  (first || $('.step-title', view)).focus();
}

function renderOtp(response) {
  const view = fromTemplate('#tpl-otp');
  const data = response.data || {};
  for (const el of view.querySelectorAll('[data-bind]')) {
    const value = data[el.dataset.bind];
    el.textContent = value === undefined ? '' : String(value);
  }
  if (data.channel === 'sms') $('[data-bind="channel"]', view).textContent = 'SMS';
  const passcode = $('#passcode', view);
  if (data.code_length) {
    passcode.maxLength = data.code_length;
    passcode.pattern = `\\d{${data.code_length}}`;
  }
  $('#attempts-left', view).textContent = String(data.attempts_left ?? '');
  $('#resends-left', view).textContent = String(data.resends_left ?? '');
  const fieldErrors = renderErrorData(view, response);
  if (response.errorData && (fieldErrors.length || ['invalid_credentials', 'client_response_not_valid']
      .includes(response.errorData.errorCode))) {
    passcode.setAttribute('aria-invalid', 'true');
  }

  const options = response.clientResponseOptions || {};
  const resend = $('#resend', view);
  resend.hidden = !options[ClientResponseOptionType.Resend];
  if (options[ClientResponseOptionType.Resend]) resend.textContent = options[ClientResponseOptionType.Resend].label;

  // Countdowns run on the page's clock from the moment the response arrived.
  const now = Date.now();
  const expiresAt = now + (data.expires_in ?? 0) * 1000;
  const retryAfter = response.errorData && response.errorData.data && response.errorData.data.retry_after;
  const resendAt = now + Math.max(data.resend_in ?? 0, retryAfter ?? 0) * 1000;
  const expiresBox = $('#expires-in', view);
  const hint = $('#resend-hint', view);
  let lastHint = null;
  const tick = () => {
    const expiresIn = Math.max(0, Math.ceil((expiresAt - Date.now()) / 1000));
    expiresBox.textContent = expiresIn > 0 ? clock(expiresIn) : 'expired';
    expiresBox.classList.toggle('urgent', expiresIn <= 30);
    const resendIn = Math.max(0, Math.ceil((resendAt - Date.now()) / 1000));
    let text;
    if (data.resends_left === 0) {
      text = 'No resends left.';
    } else if (resendIn > 0) {
      text = `You can ask for a new code in ${resendIn} s.`;
    } else {
      text = expiresIn > 0 ? 'Didn’t get it? You can ask for a new code.' : 'The code has expired: ask for a new one.';
    }
    resend.disabled = data.resends_left === 0 || resendIn > 0;
    resend.dataset.resendIn = String(resendIn);
    if (text !== lastHint) {
      hint.textContent = text;
      lastHint = text;
    }
  };
  tick();
  timers.push(setInterval(tick, 250));

  view.addEventListener('submit', (event) => {
    event.preventDefault();
    run(() => ww.submitClientResponse(ClientResponseOptionType.ClientInput, {passcode: passcode.value.trim()}));
  });
  resend.addEventListener('click', () => run(() => ww.submitClientResponse(ClientResponseOptionType.Resend)));
  wireCancel(view);
  passcode.focus();
  // WebOTP where the browser has it (an SMS ending "@<this host> #<code>"); elsewhere the field's
  // autocomplete="one-time-code" lets the keyboard or a password manager offer the code.
  if (data.channel === 'sms' && 'OTPCredential' in window) {
    const wait = new AbortController();
    smsWait = wait;
    view.dataset.webotp = 'waiting';
    readSmsCode({signal: wait.signal}).then((code) => {
      if (!code || wait.signal.aborted) return;
      passcode.value = code;
      view.requestSubmit();
    });
  }
}

function renderSuccess(response) {
  const view = fromTemplate('#tpl-success');
  $('#token', view).textContent = response.token || '';
  const claims = $('#claims', view);
  const payload = decodeJwtPayload(response.token);
  if (!payload) {
    claims.textContent = 'The token could not be decoded.';
  } else {
    for (const [name, value] of Object.entries(payload)) {
      const dt = document.createElement('dt');
      dt.textContent = name;
      const dd = document.createElement('dd');
      dd.dataset.claim = name;
      dd.textContent = claimText(name, value);
      claims.append(dt, dd);
    }
  }
  wireRestart(view);
  $('.step-title', view).focus();
}

function renderRejection(response) {
  const view = fromTemplate('#tpl-rejection');
  const err = response.errorData || {};
  $('#rejection-description', view).textContent = err.description || 'The journey was rejected.';
  $('#rejection-code', view).textContent = err.errorCode || response.type;
  wireRestart(view);
  $('.step-title', view).focus();
}

function wireCancel(view) {
  $('[data-action="cancel"]', view)
      .addEventListener('click', () => run(() => ww.submitClientResponse(ClientResponseOptionType.Cancel)));
}

function wireRestart(view) {
  $('[data-action="restart"]', view).addEventListener('click', () => {
    ww.clear();
    saveState();
    stepBox.replaceChildren();
    hideProblem();
    showChooser(true);
  });
}

// ---------------------------------------------------------------- small helpers

function humanize(id) {
  const words = String(id).replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function inputType(name) {
  if (/e-?mail/i.test(name)) return 'email';
  if (/phone|mobile|msisdn/i.test(name)) return 'tel';
  return 'text';
}

function autocomplete(name) {
  if (/e-?mail/i.test(name)) return 'email';
  if (/phone|mobile|msisdn/i.test(name)) return 'tel';
  if (/user/i.test(name)) return 'username';
  return 'off';
}

function clock(seconds) {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** The JWT's payload for display only: the signature is for the relying party to verify. */
function decodeJwtPayload(jwt) {
  try {
    const part = String(jwt).split('.')[1];
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    return null;
  }
}

function claimText(name, value) {
  if (['iat', 'exp', 'nbf', 'auth_time'].includes(name) && typeof value === 'number') {
    return `${value} (${new Date(value * 1000).toISOString().replace('.000Z', 'Z')})`;
  }
  if (Array.isArray(value)) return value.join(', ');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

// ---------------------------------------------------------------- the outbox (development mode only)

const outboxPanel = $('#outbox');
const outboxList = $('#outbox-messages');
const outboxEmpty = $('#outbox-empty');
let outboxSeen = '';

async function pollOutbox() {
  let answer;
  try {
    answer = await fetch(`${ww.serverPath}/api/dev/outbox?limit=10`, {cache: 'no-store', credentials: 'omit'});
  } catch (e) {
    setTimeout(pollOutbox, OUTBOX_POLL_MILLIS * 3);
    return;
  }
  if (answer.status === 404) {
    // Not in development mode: the outbox stays behind the admin API, and this panel hidden.
    outboxPanel.hidden = true;
    return;
  }
  if (answer.ok) {
    const messages = await answer.json().catch(() => []);
    outboxPanel.hidden = false;
    const key = JSON.stringify(messages);
    if (key !== outboxSeen) {
      outboxSeen = key;
      renderOutbox(messages);
    }
  }
  setTimeout(pollOutbox, OUTBOX_POLL_MILLIS);
}

function renderOutbox(messages) {
  outboxList.replaceChildren();
  outboxEmpty.hidden = messages.length > 0;
  for (const m of messages) {
    const item = document.createElement('li');
    item.className = 'message';
    const head = document.createElement('p');
    head.className = 'message-head';
    const to = document.createElement('strong');
    to.textContent = m.to;
    const meta = document.createElement('span');
    meta.textContent = ` · ${m.channel} · ${m.sentAt ? m.sentAt.replace('T', ' ').replace('Z', ' UTC') : ''}`;
    head.append(to, meta);
    item.append(head);
    if (m.subject) {
      const subject = document.createElement('p');
      subject.className = 'message-subject';
      subject.textContent = m.subject;
      item.append(subject);
    }
    const text = document.createElement('p');
    text.className = 'message-text';
    // Highlight what looks like a passcode, so a newcomer sees it arrive.
    for (const piece of String(m.text).split(/(\b\d{4,10}\b)/)) {
      if (/^\d{4,10}$/.test(piece)) {
        const mark = document.createElement('mark');
        mark.textContent = piece;
        text.append(mark);
      } else if (piece) {
        text.append(document.createTextNode(piece));
      }
    }
    item.append(text);
    outboxList.append(item);
  }
}

// ---------------------------------------------------------------- start

// The language the SDK sends as the start's locale: the journey's messages are chosen in it.
$('#locale').textContent = browserLocale() || '(none: the server reads Accept-Language)';

if (!restoreState()) showChooser();
pollOutbox();
