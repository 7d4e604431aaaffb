/** Holidays: every signed-in account reads them; only the central office records or removes one. */
export const holidayPolicy = {
  record: ['central_officer'],
} as const;
