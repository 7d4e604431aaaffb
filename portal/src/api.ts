/**
 * The portal's one way to the API: same origin, the session cookie, and the session's CSRF token on every
 * change. Errors arrive as `ApiFailure` with the API's stable code, which the screens translate.
 */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Fields at fault; `code` (when the API gives one) names the problem for the dictionaries. */
    readonly details?: { path: string; message: string; code?: string }[],
    readonly requestId?: string,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Fired when the server says the session is over, so the shell can say so and show the sign-in. */
export const SESSION_ENDED = 'gerbang:session-ended';
/** Fired when the server wants a new password first. */
export const PASSWORD_CHANGE = 'gerbang:password-change';

const QUIET_401 = new Set(['/v1/me', '/v1/auth/session']);

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

async function send(method: Method, path: string, body?: unknown, init: RequestInit = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? null : JSON.stringify(body),
      ...init,
    });
  } catch {
    throw new ApiFailure(0, 'NETWORK', 'The server cannot be reached');
  }
  if (res.ok) return res;
  let error: {
    code?: string;
    message?: string;
    details?: { path: string; message: string; code?: string }[];
    requestId?: string;
  } = {};
  try {
    error = ((await res.json()) as { error?: typeof error }).error ?? {};
  } catch {
    // Not an API error body (a proxy's page, say): the status alone speaks.
  }
  const failure = new ApiFailure(
    res.status,
    error.code ?? `HTTP_${res.status}`,
    error.message ?? res.statusText,
    error.details,
    error.requestId,
  );
  // Asking who is signed in, or signing in, may be refused without any session having ended.
  if (res.status === 401 && failure.code === 'UNAUTHENTICATED' && !QUIET_401.has(path)) {
    window.dispatchEvent(new Event(SESSION_ENDED));
  }
  if (failure.code === 'PASSWORD_CHANGE_REQUIRED') window.dispatchEvent(new Event(PASSWORD_CHANGE));
  throw failure;
}

export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const res = await send(method, path, body);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);

/** A query string of the defined, non-empty values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * Downloads a file from the API, reporting progress as bytes arrive (an export can be long), then hands it to
 * the browser as a download.
 */
export async function download(
  path: string,
  fallbackName: string,
  onProgress: (received: number, chunk: Uint8Array) => void,
): Promise<number> {
  const res = await send('GET', path, undefined, { headers: { accept: '*/*' } });
  const reader = res.body!.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onProgress(received, value);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(
    new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? '' }),
  );
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return received;
}

/**
 * Uploads one file as multipart/form-data (XMLHttpRequest, for the upload progress fetch cannot report),
 * with the session's CSRF token; errors arrive as `ApiFailure` like every other call.
 */
export function uploadFile<T>(
  path: string,
  file: File,
  onProgress: (sent: number, total: number) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new ApiFailure(0, 'NETWORK', 'The server cannot be reached'));
    xhr.onload = () => {
      let body: {
        error?: { code?: string; message?: string; details?: ApiFailure['details']; requestId?: string };
      } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // Not JSON: the status alone speaks.
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      const e = body.error ?? {};
      if (xhr.status === 401) window.dispatchEvent(new Event(SESSION_ENDED));
      reject(
        new ApiFailure(
          xhr.status,
          e.code ?? `HTTP_${xhr.status}`,
          e.message ?? xhr.statusText,
          e.details,
          e.requestId,
        ),
      );
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
