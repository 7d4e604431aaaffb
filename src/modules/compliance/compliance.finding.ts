import type { z } from 'zod';
import type { finding } from './compliance.schema.ts';

/**
 * One finding of the compliance engine: an obligation not met (a breach) or coming due (a notice), as the engine
 * makes it and the API answers it (the zod schema is the one source). Its own file so the modules that
 * contribute findings (card readers, document validity, return data, disputes) import the shape without
 * importing the engine that imports them.
 */
export type Finding = z.output<typeof finding>;
