import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';

// Each screen is a chunk of its own, fetched when first opened (App.tsx holds the Suspense boundary).
const Agreement = lazy(() => import('./Agreement.tsx').then((m) => ({ default: m.Agreement })));
const Compliance = lazy(() => import('./Compliance.tsx').then((m) => ({ default: m.Compliance })));
const Operators = lazy(() => import('./Operators.tsx').then((m) => ({ default: m.Operators })));
const Requests = lazy(() => import('./Requests.tsx').then((m) => ({ default: m.Requests })));
const ReturnData = lazy(() => import('./ReturnData.tsx').then((m) => ({ default: m.ReturnData })));
const Usage = lazy(() => import('./Usage.tsx').then((m) => ({ default: m.Usage })));
const Fees = lazy(() => import('./Fees.tsx').then((m) => ({ default: m.Fees })));

export const institutionRoutes: RouteObject[] = [
  { path: '/institution/operators', element: <Operators /> },
  { path: '/institution/agreement', element: <Agreement /> },
  { path: '/institution/usage', element: <Usage /> },
  { path: '/institution/requests', element: <Requests /> },
  { path: '/institution/compliance', element: <Compliance /> },
  { path: '/institution/fees', element: <Fees /> },
  { path: '/institution/return-data', element: <ReturnData /> },
];
