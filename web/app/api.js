// Talking to API v1. Every request goes to this same server (the page's CSP allows nothing
// else); errors come back as {error: {code, message}} and are thrown as ApiError.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const inflight = new Map();

/** GET /api/v1/<path> with the given parameters (empty ones dropped). */
export async function api(path, params = {}, { signal } = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') query.set(k, v);
  }
  const qs = query.toString();
  const url = `/api/v1/${path}${qs ? `?${qs}` : ''}`;
  const response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new ApiError(response.status, 'bad_response', `${url}: not JSON`);
  }
  if (!response.ok) {
    const e = body && body.error ? body.error : { code: 'unknown', message: response.statusText };
    throw new ApiError(response.status, e.code, e.message);
  }
  return body;
}

/** Like `api`, but a newer call with the same key aborts the older one. */
export function latest(key, path, params) {
  const previous = inflight.get(key);
  if (previous) previous.abort();
  const controller = new AbortController();
  inflight.set(key, controller);
  return api(path, params, { signal: controller.signal }).finally(() => {
    if (inflight.get(key) === controller) inflight.delete(key);
  });
}

export function isAbort(e) {
  return e && e.name === 'AbortError';
}
