import type { Role } from '../accounts/accounts.repo.ts';
import { REGISTRY_READERS } from '../../core/actor.ts';

/**
 * Who may do what with fees (PP 10/2023).
 * - Classify an institution (government / profit-oriented): officers, in their area.
 * - Record a tariff: the central office.
 * - Record a deposit: the finance officer (of the central office, which receives the state revenue).
 * - Read an institution's balance, deposits and statements: registry readers in their area, the finance
 *   officer, and the institution's own head and admin.
 * - Read revenue (per month, institution, office): registry readers in their area and the finance officer.
 */
export const feePolicy = {
  classify: ['central_officer', 'office_officer'] as readonly Role[],
  tariff: ['central_officer'] as readonly Role[],
  deposit: ['finance_officer'] as readonly Role[],
  readTariffs: [
    ...REGISTRY_READERS,
    'finance_officer',
    'institution_head',
    'institution_admin',
  ] as readonly Role[],
  readInstitution: [
    ...REGISTRY_READERS,
    'finance_officer',
    'institution_head',
    'institution_admin',
  ] as readonly Role[],
  revenue: [...REGISTRY_READERS, 'finance_officer'] as readonly Role[],
} as const;
