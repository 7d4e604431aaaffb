import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';
import { ticketRoutes } from '../tickets/tickets.routes.tsx';

// Each screen is a chunk of its own, fetched when first opened (App.tsx holds the Suspense boundary).
const History = lazy(() => import('./History.tsx').then((m) => ({ default: m.History })));
const Lookup = lazy(() => import('./Lookup.tsx').then((m) => ({ default: m.Lookup })));
const Verify = lazy(() => import('./Verify.tsx').then((m) => ({ default: m.Verify })));

export const operatorRoutes: RouteObject[] = [
  { path: '/operator/lookup', element: <Lookup /> },
  { path: '/operator/verify', element: <Verify /> },
  { path: '/operator/history', element: <History /> },
  ...ticketRoutes.operator,
];
