import { z } from 'zod';

/** The one error body, for OpenAPI. */
export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string(),
    details: z.unknown().optional(),
  }),
});

export const errorResponses = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  429: errorBody,
  // DATABASE_UNAVAILABLE: the database is out of reach for a moment (README, "When the database goes away").
  503: errorBody,
} as const;

/** Bearer auth in OpenAPI. */
export const bearerSecurity = [{ bearer: [] }];
