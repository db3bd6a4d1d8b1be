// Calls to the server with the console session: the cookie travels by itself (HttpOnly), the CSRF token is held
// here in memory only, and every error comes back as the server wrote it (AWS error type and message).

let session = null;
const listeners = new Set();

export class ApiError extends Error {
  constructor(status, type, message) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

export function currentSession() {
  return session;
}

export function onSessionChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setSession(next, reason) {
  session = next;
  listeners.forEach((listener) => listener(session, reason));
}

async function send(method, path, body) {
  const headers = { 'Content-Type': 'application/json' };
  if (session) headers['X-Hokan-Csrf'] = session.CsrfToken;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const text = await response.text();
  let json = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = { Message: text };
  }
  if (!response.ok) {
    const type = json.__type || response.headers.get('x-amzn-ErrorType') || `HTTP ${response.status}`;
    const error = new ApiError(response.status, type, json.Message || json.message || text);
    if (type === 'ExpiredTokenException' && session) setSession(null, error);
    throw error;
  }
  return json;
}

export const api = {
  get: (path) => send('GET', path),
  put: (path, body = {}) => send('PUT', path, body),
  post: (path, body = {}) => send('POST', path, body),
  del: (path) => send('DELETE', path),
};

export async function signIn(accountId, userName, password) {
  const body = { AccountId: accountId, Password: password };
  if (userName) body.UserName = userName;
  setSession(await send('POST', '/console/api/sign-in', body));
}

/** After a reload: the session the cookie still names, if any. */
export async function resumeSession() {
  try {
    setSession(await send('GET', '/console/api/session'));
  } catch {
    setSession(null);
  }
}

export async function signOut() {
  try {
    await send('POST', '/console/api/sign-out', {});
  } finally {
    setSession(null);
  }
}

/** A path segment: ARNs travel percent-encoded whole, as the SDKs send them. */
export const seg = (value) => encodeURIComponent(value);

export function query(params) {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
