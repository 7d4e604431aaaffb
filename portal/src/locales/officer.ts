/** The registry officers' and auditors' screens. */
export const officer = { id: {}, en: {} };
