/**
 * Watchword web SDK: runs a Watchword journey from a browser (contract §1 and §6).
 *
 * A dependency-free ES module. It starts a journey, answers the step the journey waits on,
 * and keeps the flow's interaction token itself: every answer that waits for the client
 * carries a new token, and a refused request (4xx) leaves the previous one in use.
 *
 * @example
 * import {Watchword, ClientResponseOptionType} from '/watchword/sdk/watchword.js';
 * const ww = new Watchword();
 * let r = await ww.startJourney('otp_login_email');
 * r = await ww.submitClientResponse(ClientResponseOptionType.ClientInput, {email: 'jane@example.com'});
 * r = await ww.submitClientResponse(ClientResponseOptionType.ClientInput, {passcode: '123456'});
 * if (r.type === 'journey_success') console.log(r.token);
 *
 * @example <caption>Passcodes by SMS fill themselves in (contract §10)</caption>
 * // The journey's SMS settings carry "autofillDomain": "login.acme.com", so the text ends with
 * // the line "@login.acme.com #123456". Mark the field for iOS/Safari and password managers:
 * //   <input name="passcode" inputmode="numeric" autocomplete="one-time-code">
 * // and where the browser has WebOTP (Chrome on Android), read the code when it arrives:
 * const code = await readSmsCode({signal: AbortSignal.timeout(120000)});
 * if (code) r = await ww.submitClientResponse(ClientResponseOptionType.ClientInput, {passcode: code});
 *
 * @module watchword
 */

/**
 * The options a client answers a waiting step with (the `option` of contract §1).
 * @readonly
 * @enum {string}
 */
export const ClientResponseOptionType = Object.freeze({
  /** Submit the step's input: a form's values, or `{passcode}` to the OTP step. */
  ClientInput: 'client_input',
  /** Ask the OTP step for a new passcode. */
  Resend: 'resend',
  /** End the flow: `journey_rejection` with `journey_cancelled`. */
  Cancel: 'cancel',
  /** Report that the client cannot go on: the step fails with `client_failure`. */
  Fail: 'failure',
  /** A custom option of the waiting step, when the step offers one. */
  Custom: 'custom',
});

/**
 * The `code` of a {@link WatchwordError}. The values are stable strings.
 * @readonly
 * @enum {string}
 */
export const ErrorCode = Object.freeze({
  /** The server could not be reached, or did not answer in time. */
  NetworkError: 'network_error',
  /** No journey is running: start one (or restore a state) first; or the last one has ended. */
  NoActiveJourney: 'no_active_journey',
  /** A serialized state could not be read back. */
  InvalidState: 'invalid_state',
  /** A method was called with an argument it cannot use. */
  InvalidArgument: 'invalid_argument',
  /** The server refused the request: `status` and `problem` (RFC 9457 document) tell why. */
  ServerError: 'server_error',
  /** The server answered 200 with something that is not a service response. */
  InvalidResponse: 'invalid_response',
});

/**
 * The service response of contract §1.
 * @typedef {Object} ServiceResponse
 * @property {string} [flowId]
 * @property {string} [interactionToken] present while the flow waits for the client
 * @property {'client_input_required'|'client_input_update_required'|'journey_success'|'journey_rejection'} type
 * @property {string} journeyStepId a form id, `genericOTPAuthentication`, `action:success` or `action:rejection`
 * @property {Object<string, *>} [data] the step's data (OTP step: channel, code_length, recipient,
 *   expires_in, attempts_left, resends_left, resend_in)
 * @property {Object<string, ClientResponseOption>} [clientResponseOptions]
 * @property {{errorCode: string, description?: string, data?: Object<string, *>}} [errorData]
 * @property {string} [token] the completion JWT of a `journey_success`
 */

/**
 * @typedef {Object} ClientResponseOption
 * @property {string} type
 * @property {string} id
 * @property {string} label
 * @property {Object<string, {type: string, required?: boolean}>} [schema]
 */

/**
 * @typedef {Object} WatchwordOptions
 * @property {string} [serverPath] the deployment's base URL, e.g. `https://login.acme.com/watchword`;
 *   defaults to the deployment this module was loaded from
 * @property {number} [timeoutMillis] per request; default 30000
 */

/**
 * @typedef {Object} StartOptions
 * @property {Object<string, *>} [additionalParams] what `@policy.request().params` returns
 * @property {string} [flowId] a client-chosen flow id, `[A-Za-z0-9_-]{8,64}`
 * @property {string|null} [locale] the BCP 47 tag the journey's messages are chosen in;
 *   defaults to `navigator.language` (`null`: send none, the server then reads Accept-Language)
 */

/** Why a call failed: `code` is an {@link ErrorCode}; a server refusal adds `status` and `problem`. */
export class WatchwordError extends Error {
  /**
   * @param {string} code an {@link ErrorCode}
   * @param {string} message
   * @param {{status?: number, problem?: Object, cause?: *}} [details]
   */
  constructor(code, message, details = {}) {
    super(message, details.cause === undefined ? undefined : {cause: details.cause});
    this.name = 'WatchwordError';
    /** @type {string} */
    this.code = code;
    /** @type {number|undefined} the HTTP status of a server refusal */
    this.status = details.status;
    /** @type {Object|undefined} the RFC 9457 problem document of a server refusal */
    this.problem = details.problem;
  }
}

const STATE_VERSION = 1;
const ENDED = new Set(['journey_success', 'journey_rejection']);
/** Durations (whole seconds) in a response that age while it is stored. */
const AGEING = ['expires_in', 'resend_in', 'retry_after'];

/** The deployment this module is served from: `…/watchword/sdk/watchword.js` → `…/watchword`. */
function defaultServerPath() {
  return new URL('..', import.meta.url).href;
}

/** The browser's preferred language (`de-AT`), or undefined outside a browser. */
export function browserLocale() {
  return typeof navigator !== 'undefined' && typeof navigator.language === 'string' && navigator.language
    ? navigator.language : undefined;
}

/**
 * Waits for a passcode SMS with the WebOTP API, where the browser has it (the SMS must end
 * with the origin-bound line `@<this site's host> #<code>`: the step's `autofillDomain`).
 * @param {{signal?: AbortSignal}} [options] abort to stop waiting (e.g. when the step changes)
 * @returns {Promise<string|null>} the code, or `null` when WebOTP is missing, refused or aborted
 */
export async function readSmsCode(options = {}) {
  if (typeof window === 'undefined' || !('OTPCredential' in window) || !navigator.credentials) return null;
  try {
    const credential = await navigator.credentials.get({otp: {transport: ['sms']}, signal: options.signal});
    return credential && typeof credential.code === 'string' ? credential.code : null;
  } catch (e) {
    return null;
  }
}

function trimSlashes(path) {
  return String(path).replace(/\/+$/, '');
}

/** Runs one journey at a time for one user. */
export class Watchword {
  /** @param {WatchwordOptions} [options] */
  constructor(options = {}) {
    /** @private */
    this._serverPath = trimSlashes(options.serverPath ?? defaultServerPath());
    /** @private */
    this._timeoutMillis = options.timeoutMillis ?? 30000;
    /** @private @type {{journeyId: string, flowId: string, interactionToken?: string, response: ServiceResponse, receivedAt: number}|null} */
    this._flow = null;
    /** @private Requests run one after another: each needs the token the previous one returned. */
    this._queue = Promise.resolve();
  }

  /** The deployment's base URL this client talks to. */
  get serverPath() {
    return this._serverPath;
  }

  /**
   * Starts a journey; any journey this client was running is forgotten.
   * @param {string} journeyId
   * @param {StartOptions} [options]
   * @returns {Promise<ServiceResponse>}
   */
  startJourney(journeyId, options = {}) {
    return this._serially(async () => {
      if (typeof journeyId !== 'string' || journeyId.trim() === '') {
        throw new WatchwordError(ErrorCode.InvalidArgument, 'A journey id is required.');
      }
      const body = {};
      if (options.additionalParams !== undefined) body.additionalParams = options.additionalParams;
      if (options.flowId !== undefined) body.flowId = options.flowId;
      const locale = options.locale === undefined ? browserLocale() : options.locale;
      if (locale) body.locale = locale;
      const response = await this._post(`/api/journeys/${encodeURIComponent(journeyId.trim())}/start`, body);
      this._flow = {journeyId: journeyId.trim(), flowId: response.flowId, response, receivedAt: Date.now()};
      this._remember(response);
      return response;
    });
  }

  /**
   * Answers the step the journey waits on.
   * @param {string} optionType a {@link ClientResponseOptionType} value, or the id of a custom option
   * @param {Object<string, *>} [data] a form's values, or `{passcode}` for the OTP step
   * @returns {Promise<ServiceResponse>}
   */
  submitClientResponse(optionType, data) {
    return this._serially(async () => {
      if (typeof optionType !== 'string' || optionType === '') {
        throw new WatchwordError(ErrorCode.InvalidArgument, 'An option is required.');
      }
      const flow = this._flow;
      if (!flow || !flow.interactionToken) {
        throw new WatchwordError(ErrorCode.NoActiveJourney, 'No journey is waiting for a response.');
      }
      const body = {option: optionType};
      if (data !== undefined && data !== null) body.data = data;
      let response;
      try {
        response = await this._post(`/api/flows/${encodeURIComponent(flow.flowId)}/responses`, body,
            flow.interactionToken);
      } catch (e) {
        // 404: the flow is gone; 409: it has ended or expired. Its token is of no further use.
        if (e.status === 404 || e.status === 409) flow.interactionToken = undefined;
        throw e;
      }
      flow.response = response;
      flow.receivedAt = Date.now();
      this._remember(response);
      return response;
    });
  }

  /**
   * The last service response of the current journey, or `null` when none was started.
   * @returns {ServiceResponse|null}
   */
  get currentResponse() {
    return this._flow ? this._flow.response : null;
  }

  /** Whether the current journey waits for a client response. */
  get hasActiveJourney() {
    return Boolean(this._flow && this._flow.interactionToken);
  }

  /**
   * The state of the running journey as a string, for {@link restoreFromSerializedState}
   * after a page reload. It holds the interaction token: keep it where the page keeps its
   * session (e.g. `sessionStorage`), never in a URL or a log.
   * @returns {string}
   */
  serializeState() {
    return JSON.stringify({v: STATE_VERSION, serverPath: this._serverPath, flow: this._flow});
  }

  /**
   * Resumes a journey from {@link serializeState}'s string. Durations in the returned
   * response (`expires_in`, `resend_in`, `retry_after`) are reduced by the time the state
   * was stored, so countdowns carry on where they were.
   * @param {string} state
   * @returns {ServiceResponse|null} the last response of the restored journey, or `null` if none had started
   */
  restoreFromSerializedState(state) {
    let parsed;
    try {
      parsed = typeof state === 'string' ? JSON.parse(state) : state;
    } catch (e) {
      throw new WatchwordError(ErrorCode.InvalidState, 'The state is not one this SDK wrote.', {cause: e});
    }
    if (!parsed || parsed.v !== STATE_VERSION || !('flow' in parsed)) {
      throw new WatchwordError(ErrorCode.InvalidState, 'The state is not one this SDK wrote.');
    }
    const flow = parsed.flow;
    if (flow !== null && (typeof flow !== 'object' || typeof flow.flowId !== 'string'
        || typeof flow.response !== 'object' || flow.response === null || typeof flow.receivedAt !== 'number')) {
      throw new WatchwordError(ErrorCode.InvalidState, 'The state is incomplete.');
    }
    if (typeof parsed.serverPath === 'string' && parsed.serverPath) this._serverPath = parsed.serverPath;
    if (flow === null) {
      this._flow = null;
      return null;
    }
    const now = Date.now();
    flow.response = aged(flow.response, Math.max(0, Math.floor((now - flow.receivedAt) / 1000)));
    flow.receivedAt = now;
    this._flow = flow;
    return flow.response;
  }

  /** Forgets the current journey (the flow on the server simply expires). */
  clear() {
    this._flow = null;
  }

  /** @private */
  _remember(response) {
    const flow = this._flow;
    if (response.flowId) flow.flowId = response.flowId;
    flow.interactionToken = ENDED.has(response.type) ? undefined : response.interactionToken;
  }

  /** @private */
  _serially(task) {
    const run = this._queue.then(task, task);
    this._queue = run.catch(() => undefined);
    return run;
  }

  /** @private */
  async _post(path, body, interactionToken) {
    const headers = {'Content-Type': 'application/json', Accept: 'application/json, application/problem+json'};
    if (interactionToken) headers.Authorization = `Bearer ${interactionToken}`;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this._timeoutMillis);
    let answer;
    let text;
    try {
      answer = await fetch(this._serverPath + path, {
        method: 'POST', headers, body: JSON.stringify(body), signal: abort.signal,
        credentials: 'omit', cache: 'no-store',
      });
      text = await answer.text();
    } catch (e) {
      throw new WatchwordError(ErrorCode.NetworkError, abort.signal.aborted
          ? 'The server did not answer in time.' : 'The server could not be reached.', {cause: e});
    } finally {
      clearTimeout(timer);
    }
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch (e) {
      json = undefined;
    }
    if (!answer.ok) {
      const problem = json && typeof json === 'object' ? json : undefined;
      throw new WatchwordError(ErrorCode.ServerError,
          (problem && (problem.detail || problem.title)) || `The server answered ${answer.status}.`,
          {status: answer.status, problem});
    }
    if (!json || typeof json !== 'object' || typeof json.type !== 'string') {
      throw new WatchwordError(ErrorCode.InvalidResponse, 'The server did not answer with a service response.',
          {status: answer.status});
    }
    return json;
  }
}

/** A copy of `response` whose durations are `seconds` shorter (never below 0). */
function aged(response, seconds) {
  const copy = JSON.parse(JSON.stringify(response));
  const reduce = (o) => {
    if (!o || typeof o !== 'object') return;
    for (const key of AGEING) {
      if (typeof o[key] === 'number') o[key] = Math.max(0, o[key] - seconds);
    }
  };
  reduce(copy.data);
  reduce(copy.errorData && copy.errorData.data);
  return copy;
}
