/** The institution head's and admin's screens. */
export const institution = { id: {}, en: {} };
