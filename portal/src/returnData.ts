import type { Answer } from './api.ts';

/** Coverage of an agreement's return-data obligation, per period (GET /v1/agreements/{id}/return-data/coverage). */
export type Coverage = Answer<'/v1/agreements/{id}/return-data/coverage'>;
