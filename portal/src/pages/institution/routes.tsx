import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';
import { ticketRoutes } from '../tickets/tickets.routes.tsx';

// Each screen is a chunk of its own, fetched when first opened (App.tsx holds the Suspense boundary).
const Agreement = lazy(() => import('./Agreement.tsx').then((m) => ({ default: m.Agreement })));
const Compliance = lazy(() => import('./Compliance.tsx').then((m) => ({ default: m.Compliance })));
const Operators = lazy(() => import('./Operators.tsx').then((m) => ({ default: m.Operators })));
const Requests = lazy(() => import('./Requests.tsx').then((m) => ({ default: m.Requests })));
const ReturnData = lazy(() => import('./ReturnData.tsx').then((m) => ({ default: m.ReturnData })));
const Usage = lazy(() => import('./Usage.tsx').then((m) => ({ default: m.Usage })));
const Fees = lazy(() => import('./Fees.tsx').then((m) => ({ default: m.Fees })));
const InstitutionObligations = lazy(() =>
  import('../network/InstitutionObligations.tsx').then((m) => ({ default: m.InstitutionObligations })),
);
const InstitutionNetwork = lazy(() =>
  import('../network/InstitutionNetwork.tsx').then((m) => ({ default: m.InstitutionNetwork })),
);
const Changes = lazy(() => import('./Changes.tsx').then((m) => ({ default: m.Changes })));
const CardReaders = lazy(() => import('./CardReaders.tsx').then((m) => ({ default: m.CardReaders })));
const Disputes = lazy(() => import('./Disputes.tsx').then((m) => ({ default: m.InstitutionDisputes })));
const Dispute = lazy(() => import('./Disputes.tsx').then((m) => ({ default: m.InstitutionDispute })));
const Reports = lazy(() => import('./Reports.tsx').then((m) => ({ default: m.Reports })));
const ReportDetail = lazy(() => import('./Reports.tsx').then((m) => ({ default: m.ReportDetail })));
const Evaluations = lazy(() => import('./Evaluations.tsx').then((m) => ({ default: m.Evaluations })));

export const institutionRoutes: RouteObject[] = [
  { path: '/institution/operators', element: <Operators /> },
  { path: '/institution/agreement', element: <Agreement /> },
  { path: '/institution/usage', element: <Usage /> },
  { path: '/institution/requests', element: <Requests /> },
  { path: '/institution/compliance', element: <Compliance /> },
  { path: '/institution/fees', element: <Fees /> },
  { path: '/institution/return-data', element: <ReturnData /> },
  { path: '/institution/network', element: <InstitutionNetwork /> },
  { path: '/institution/obligations', element: <InstitutionObligations /> },
  { path: '/institution/changes', element: <Changes /> },
  { path: '/institution/card-readers', element: <CardReaders /> },
  { path: '/institution/disputes', element: <Disputes /> },
  { path: '/institution/disputes/:id', element: <Dispute /> },
  { path: '/institution/reports', element: <Reports /> },
  { path: '/institution/reports/:semester', element: <ReportDetail /> },
  { path: '/institution/evaluations', element: <Evaluations /> },
  ...ticketRoutes.institution,
];
