import { valuesOf, type Answer } from '../../api.ts';

/** The API's shapes the lifecycle screens read, named from the OpenAPI document. */
export type Application = Answer<'/v1/applications/{id}'>;
export type ApplicationStatus = Application['status'];
export const APPLICATION_STATUSES = valuesOf<ApplicationStatus>({
  submitted: true,
  forwarded: true,
  approved: true,
  rejected: true,
});

export type AgreementStatus = Agreement['status'];
/** Every status the API answers, each once (a status added to the API fails the type-check here). */
export const AGREEMENT_STATUSES = valuesOf<AgreementStatus>({
  draft: true,
  signed: true,
  active: true,
  expiring: true,
  expired: true,
  terminated: true,
  revoked: true,
});

export type Agreement = Answer<'/v1/agreements/{id}'>;

export type AgreementVersion = Answer<'/v1/agreements/{id}/versions'>['items'][number];
export type ContactPerson = AgreementVersion['contactPersons'][number];

export type ExtensionRequest = Answer<'/v1/agreements/{id}/extension-requests'>['items'][number];

export type Institution = Answer<'/v1/institutions/{id}'>;

export type Office = Answer<'/v1/offices'>['items'][number];

export type Account = Answer<'/v1/accounts'>['items'][number];

export type GateStatus = Answer<'/v1/institutions/{id}/gates'>;

export type Compliance = Answer<'/v1/institutions/{id}/compliance'>;

export const ACCESS_METHODS = ['verification', 'portal', 'card_reader'] as const;
