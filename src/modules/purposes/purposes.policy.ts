/** The purpose catalogue: every signed-in account reads it; only the central office records a purpose. */
export const purposePolicy = {
  record: ['central_officer'],
} as const;
