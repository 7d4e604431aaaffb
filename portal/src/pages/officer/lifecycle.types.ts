/** The API's shapes the lifecycle screens read (see the OpenAPI document for the full schemas). */
export type ApplicationStatus = 'submitted' | 'forwarded' | 'approved' | 'rejected';
export const APPLICATION_STATUSES: ApplicationStatus[] = ['submitted', 'forwarded', 'approved', 'rejected'];

export interface Application {
  id: string;
  institutionId: string;
  officeId: string;
  status: ApplicationStatus;
  purpose: string;
  elements: string[];
  methods: string[];
  returnData: string[];
  periodMonths: number | null;
  periodUntil: string | null;
  applicantId: string;
  submittedAt: string;
  forwardNote: string | null;
  forwardedBy: string | null;
  forwardedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  rejectionReasons: string[] | null;
  letterNumber: string | null;
  letterId: string | null;
  annex: {
    user: string;
    purpose: string;
    elements: { code: string; label: string }[];
    methods: { code: string; label: string }[];
    returnData: string[];
    period: string;
  } | null;
}

export const AGREEMENT_STATUSES = [
  'draft',
  'signed',
  'active',
  'expiring',
  'expired',
  'terminated',
  'revoked',
] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export interface Agreement {
  id: string;
  institutionId: string;
  officeId: string;
  registryNumber: string;
  institutionNumber: string;
  purpose: string;
  elements: string[];
  methods: string[];
  startDate: string;
  endDate: string;
  status: AgreementStatus;
  defaultThreshold: number;
  allowedHoursStart: string | null;
  allowedHoursEnd: string | null;
  misuseAction: string;
  createdAt: string;
  applicationId: string | null;
  signedOn: string | null;
  signedPlace: string | null;
  periodMonths: number | null;
  endedReason: string | null;
  currentVersionId: string | null;
}

export interface ContactPerson {
  name: string;
  party: 'registry' | 'institution';
  position?: string;
  phone?: string;
  email?: string;
}

export interface AgreementVersion {
  id: string;
  agreementId: string;
  version: number;
  createdAt: string;
  createdBy: string | null;
  reason: string;
  purpose: string;
  elements: string[];
  methods: string[];
  endDate: string | null;
  returnData: string[];
  allowedNetworks: string[];
  bandwidthMbps: number | null;
  quotaPerAccount: number | null;
  cardReaders: number;
  contactPersons: ContactPerson[];
}

export interface ExtensionRequest {
  id: string;
  agreementId: string;
  requestedBy: string;
  requestedAt: string;
  newEndDate: string;
  reason: string;
  status: 'requested' | 'granted' | 'refused';
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface Institution {
  id: string;
  code: string;
  name: string;
  officeId: string;
  isActive: boolean;
  allowedNetworks: string[];
  createdAt: string;
}

export interface Office {
  id: string;
  level: string;
  regionCode: string | null;
  name: string;
  parentId: string | null;
}

export interface Account {
  id: string;
  username: string;
  role: string;
  fullName: string;
  institutionId: string | null;
  isActive: boolean;
  dailyQuota: number | null;
}

export interface GateStatus {
  institutionId: string;
  responsibilityStatement: { signatoryName: string; signatoryPosition: string; signedOn: string } | null;
  operators: {
    id: string;
    username: string;
    isActive: boolean;
    hasNda: boolean;
    clientApplicationId: string | null;
  }[];
  clientApplications: { id: string; name: string; pocStatus: 'pending' | 'passed' | 'failed' }[];
  developmentQuota: number;
}

export interface Compliance {
  institutionId: string;
  state: 'in_order' | 'warned' | 'suspended' | 'reinstated';
  since: string | null;
  reason: string | null;
  findings: { obligation: string; severity: 'breach' | 'notice'; message: string }[];
}

export const ACCESS_METHODS = ['verification', 'portal', 'card_reader'] as const;
