/** The registry's oversight screens: dashboard, audit search, compliance board, user-ID requests. */
export const oversight = { id: {}, en: {} };
