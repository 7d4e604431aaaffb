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
} as const;

/** Bearer auth in OpenAPI. */
export const bearerSecurity = [{ bearer: [] }];
