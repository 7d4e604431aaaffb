import { z } from 'zod';

export const idParams = z.object({ id: z.string().max(64) });

export const state = z.enum(['in_order', 'warned', 'suspended', 'reinstated']);

export const finding = z.object({
  obligation: z.string(),
  severity: z.enum(['breach', 'notice']),
  message: z.string(),
});
