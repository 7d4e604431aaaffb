import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';

// Each screen is a chunk of its own, fetched when first opened (App.tsx holds the Suspense boundary).
const Reports = lazy(() => import('./Reports.tsx').then((m) => ({ default: m.Reports })));
const ReportView = lazy(() => import('./Reports.tsx').then((m) => ({ default: m.ReportView })));
const Evaluations = lazy(() => import('./Evaluations.tsx').then((m) => ({ default: m.Evaluations })));

/** The institutions' semester reports and the office's evaluations with their roll-up. */
export const reportsRoutes: RouteObject[] = [
  { path: '/officer/reports', element: <Reports /> },
  { path: '/officer/reports/:id', element: <ReportView /> },
  { path: '/officer/evaluations', element: <Evaluations /> },
];
