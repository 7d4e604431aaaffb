import { z } from 'zod';

export const day = z.iso.date().describe('YYYY-MM-DD');

export const holidayInput = z.object({ day, name: z.string().trim().min(2).max(200) });
