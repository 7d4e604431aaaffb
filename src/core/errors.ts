import { ERROR_CODES, type SpecificCode } from './error-codes.ts';

/**
 * Errors of the v1 and admin API. One body everywhere: `{ error: { code, message, requestId, details? } }`.
 * Codes are stable; this table maps each to its HTTP status. Access outcomes (outcomes.ts) carry their own
 * status and are thrown as `ApiError` too.
 *
 * In src/core because services, routes, jobs and the CLI all throw it; nothing here depends on Fastify. The
 * code → status table stays beside the codes (an `ApiError` carries its status from construction); the wire
 * protocol maps errors and outcomes to its RESPONSE_CODE at its own edge (modules/wire).
 *
 * Two kinds of code: the generic ones below (`GENERIC_STATUS`), and the specific ones of error-codes.ts — a
 * business rule the caller can act on, each with its HTTP status (its generic class's, 409 or 400), its
 * Indonesian and English words (the portal's dictionaries take them from there) and the operations that
 * answer it (the OpenAPI document lists it under each). A refusal of a business rule throws its specific
 * code (`ApiError.of('PAYMENT_REFERENCE_TAKEN')`, message optional: the table's English by default);
 * `VALIDATION_FAILED` stays for schema failures (whose details carry codes) and `CONFLICT` for a unique value
 * the database refuses.
 */
const GENERIC_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  NOT_FOUND: 404,
  REQUEST_TIMEOUT: 408,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  EXPECTATION_FAILED: 417,
  HEADERS_TOO_LARGE: 431,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  // The database server is out of reach (an outage the gateway rides out): try again shortly.
  DATABASE_UNAVAILABLE: 503,
} as const;

export type GenericCode = keyof typeof GENERIC_STATUS;
export type ErrorCode = GenericCode | SpecificCode;

/** Every code of the table (generic and specific) → its HTTP status. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  ...GENERIC_STATUS,
  ...(Object.fromEntries(Object.entries(ERROR_CODES).map(([code, e]) => [code, e.status])) as Record<
    SpecificCode,
    number
  >),
};

function isSpecific(code: string): code is SpecificCode {
  return Object.hasOwn(ERROR_CODES, code);
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** A specific code's message defaults to its English words (error-codes.ts); a generic code needs one. */
  static of(code: SpecificCode, message?: string, details?: unknown): ApiError;
  static of(code: GenericCode, message: string, details?: unknown): ApiError;
  static of(code: ErrorCode, message?: string, details?: unknown): ApiError {
    const text = message ?? (isSpecific(code) ? ERROR_CODES[code].en : code);
    return new ApiError(ERROR_STATUS[code], code, text, details);
  }
}

export interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: unknown };
}
