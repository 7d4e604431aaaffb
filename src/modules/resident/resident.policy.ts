/**
 * The resident routes open with a resident's own session (`requireResident`), never an account's. An
 * agreement's disclosure delay (covert access) is set by the central office only.
 */
export const residentPolicy = {
  setDisclosureDelay: ['central_officer'],
} as const;
