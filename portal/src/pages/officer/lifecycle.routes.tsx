import type { RouteObject } from 'react-router-dom';
import { AgreementDetail } from './AgreementDetail.tsx';
import { Agreements } from './Agreements.tsx';
import { ApplicationDetail } from './ApplicationDetail.tsx';
import { Applications } from './Applications.tsx';
import { InstitutionDetail } from './InstitutionDetail.tsx';
import { Institutions } from './Institutions.tsx';

/** Applications inbox, institutions, agreements. */
export const lifecycleRoutes: RouteObject[] = [
  { path: '/officer/applications', element: <Applications /> },
  { path: '/officer/applications/:id', element: <ApplicationDetail /> },
  { path: '/officer/institutions', element: <Institutions /> },
  { path: '/officer/institutions/:id', element: <InstitutionDetail /> },
  { path: '/officer/agreements', element: <Agreements /> },
  { path: '/officer/agreements/:id', element: <AgreementDetail /> },
];
