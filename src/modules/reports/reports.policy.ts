import { OFFICER_ROLES, SCOPED_READERS } from '../../core/actor.ts';

/**
 * Semester reports: readers see them in scope; the institution's head and admin (and officers, who may draft
 * one to look at) generate drafts; only the institution's head and admin write the narrative and submit.
 */
export const reportPolicy = {
  read: SCOPED_READERS,
  generate: [...OFFICER_ROLES, 'institution_head', 'institution_admin'],
  submit: ['institution_head', 'institution_admin'],
} as const;
