import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';

// Each screen is a chunk of its own, fetched when first opened (App.tsx holds the Suspense boundary).
const AgreementDetail = lazy(() =>
  import('./AgreementDetail.tsx').then((m) => ({ default: m.AgreementDetail })),
);
const Agreements = lazy(() => import('./Agreements.tsx').then((m) => ({ default: m.Agreements })));
const ApplicationDetail = lazy(() =>
  import('./ApplicationDetail.tsx').then((m) => ({ default: m.ApplicationDetail })),
);
const Applications = lazy(() => import('./Applications.tsx').then((m) => ({ default: m.Applications })));
const InstitutionDetail = lazy(() =>
  import('./InstitutionDetail.tsx').then((m) => ({ default: m.InstitutionDetail })),
);
const Institutions = lazy(() => import('./Institutions.tsx').then((m) => ({ default: m.Institutions })));

/** Applications inbox, institutions, agreements. */
export const lifecycleRoutes: RouteObject[] = [
  { path: '/officer/applications', element: <Applications /> },
  { path: '/officer/applications/:id', element: <ApplicationDetail /> },
  { path: '/officer/institutions', element: <Institutions /> },
  { path: '/officer/institutions/:id', element: <InstitutionDetail /> },
  { path: '/officer/agreements', element: <Agreements /> },
  { path: '/officer/agreements/:id', element: <AgreementDetail /> },
];
