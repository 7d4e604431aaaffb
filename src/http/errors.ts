/**
 * Errors of the v1 and admin API. One body everywhere: `{ error: { code, message, requestId, details? } }`.
 * Codes are stable; this table maps each to its HTTP status. Access outcomes (outcomes.ts) carry their own
 * status and are thrown as `ApiError` too.
 */
export const ERROR_STATUS = {
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

export type ErrorCode = keyof typeof ERROR_STATUS;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  static of(code: ErrorCode, message: string, details?: unknown): ApiError {
    return new ApiError(ERROR_STATUS[code], code, message, details);
  }
}

export interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: unknown };
}
