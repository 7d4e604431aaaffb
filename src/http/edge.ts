import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { hasUnstorableText } from '../lib/text.ts';
import { ApiError, type ErrorBody, type ErrorCode } from '../core/errors.ts';

/**
 * The edge rules: what every request meets before any route sees it, and how the answers the framework (or
 * Node's HTTP parser) gives by itself are made to keep Gerbang's contract.
 */

/**
 * The first place in a parsed value (params, query or a JSON body, nested to any depth) whose key or string
 * value is unstorable text, as a JSON-pointer-like path; null when there is none. Iterative, so a deeply
 * nested body cannot exhaust the stack.
 */
export function findUnstorableText(value: unknown, root: string): string | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (hasUnstorableText(v)) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i -= 1) stack.push([v[i], `${path}/${i}`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, inner] of Object.entries(v)) {
        if (hasUnstorableText(k)) return path;
        stack.push([inner, `${path}/${k}`]);
      }
    }
  }
  return null;
}

/**
 * The body of a route that reads its body as text or bytes (the wire routes): a raw NUL, or a JSON text whose
 * strings hold unstorable text. The JSON is parsed only when an escape that could produce one is present,
 * so the common body costs one regular-expression scan.
 */
// eslint-disable-next-line no-control-regex -- a raw NUL byte in the text
const SUSPECT_ESCAPE = /\u0000|\\u(?:0000|d[89a-f])|[\ud800-\udfff]/i;

function rawTextUnstorable(raw: string): string | null {
  if (!SUSPECT_ESCAPE.test(raw)) return null;
  if (hasUnstorableText(raw)) return '/body';
  try {
    return findUnstorableText(JSON.parse(raw) as unknown, '/body');
  } catch {
    return null; // not JSON: the route answers that itself
  }
}

/** Refusal of unstorable text: a 400 that route-level error handlers (the wire's) read as a bad request. */
export class UnstorableTextError extends ApiError {
  readonly statusCode = 400;
  constructor(path: string) {
    super(400, 'VALIDATION_FAILED', 'Text must not contain U+0000 (NUL) or an unpaired UTF-16 surrogate', [
      { path, message: 'unstorable text' },
    ]);
  }
}

/**
 * Root `preValidation` hook (runs before every route's own hooks and validation, so before the access
 * routes' caller checks and before any value reaches the database): path parameters, query string and
 * body, nested, checked by one rule for every route.
 */
export async function refuseUnstorableText(request: FastifyRequest): Promise<void> {
  const at =
    findUnstorableText(request.params, '/params') ??
    findUnstorableText(request.query, '/query') ??
    (typeof request.body === 'string'
      ? rawTextUnstorable(request.body)
      : Buffer.isBuffer(request.body)
        ? rawTextUnstorable(request.body.toString('utf8'))
        : findUnstorableText(request.body, '/body'));
  if (at !== null) throw new UnstorableTextError(at);
}

/** A request ID for an answer given before Fastify made a request (the same form as genReqId's). */
export function newRequestId(): string {
  return `req_${randomUUID().replaceAll('-', '')}`;
}

/** The headers every answer carries (also set by the app's onSend hook for answers that pass through it). */
export function contractHeaders(requestId: string): Record<string, string> {
  return {
    'x-request-id': requestId,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
}

export function errorBody(code: string, message: string, requestId: string): ErrorBody {
  return { error: { code, message, requestId } };
}

/**
 * Answers Node's HTTP parser could not hand to Fastify (a malformed request line or header, headers too
 * large, a request timeout): the one error body and the contract's headers, `Connection: close`, and only
 * then the socket closes, so a keep-alive client learns why instead of meeting a reset.
 *
 * Written by hand because no request or reply object exists yet (Fastify's default handler writes a bare
 * 400 and destroys the socket). A pipelined request still being answered is answered first: the error is
 * written after that response has finished, so answers stay in order.
 */
export function makeClientErrorHandler(opts: {
  inFlight: (socket: Socket) => ServerResponse | undefined;
  log: (code: string | undefined) => void;
}) {
  return (err: Error & { code?: string }, socket: Socket): void => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    opts.log(err.code);
    const [status, code, message]: [number, ErrorCode, string] =
      err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'The request was not received in time']
        : err.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'HEADERS_TOO_LARGE', 'The request headers are too large']
          : [400, 'VALIDATION_FAILED', 'The request is not valid HTTP/1.1'];
    let answered = false;
    const answer = () => {
      if (answered || socket.destroyed) return;
      answered = true;
      if (!socket.writable) {
        socket.destroy();
        return;
      }
      const requestId = newRequestId();
      const body = JSON.stringify(errorBody(code, message, requestId));
      const head = [
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
        'content-type: application/json; charset=utf-8',
        `content-length: ${Buffer.byteLength(body)}`,
        ...Object.entries(contractHeaders(requestId)).map(([k, v]) => `${k}: ${v}`),
        'connection: close',
      ];
      socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
      // A client that never reads or closes does not keep the socket open.
      setTimeout(() => socket.destroy(), 5_000).unref();
    };
    const pending = opts.inFlight(socket);
    // A complete earlier request still being answered: let its answer go first. A request whose body was
    // malformed (not complete) gets no other answer: this one is it.
    if (pending && !pending.writableFinished && pending.req.complete && !pending.destroyed) {
      pending.once('finish', answer);
      pending.once('close', answer);
      setTimeout(answer, 10_000).unref();
    } else {
      answer();
    }
  };
}

/** Each socket's latest response (pipelined requests are answered in order, so the last ends last). */
export class InFlight {
  private readonly latest = new WeakMap<Socket, ServerResponse>();
  readonly get = (socket: Socket): ServerResponse | undefined => this.latest.get(socket);
  track(server: Server): void {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.latest.set(req.socket, res));
  }
}
