import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';

// Each screen is a chunk of its own, fetched when first opened (App.tsx holds the Suspense boundary).
const AuditSearch = lazy(() => import('./AuditSearch.tsx').then((m) => ({ default: m.AuditSearch })));
const ComplianceBoard = lazy(() =>
  import('./ComplianceBoard.tsx').then((m) => ({ default: m.ComplianceBoard })),
);
const Dashboard = lazy(() => import('./Dashboard.tsx').then((m) => ({ default: m.Dashboard })));
const UserIdRequests = lazy(() =>
  import('./UserIdRequests.tsx').then((m) => ({ default: m.UserIdRequests })),
);

/** Dashboard, audit search, compliance board, user-ID requests. */
export const oversightRoutes: RouteObject[] = [
  { path: '/officer/dashboard', element: <Dashboard /> },
  { path: '/officer/audit', element: <AuditSearch /> },
  { path: '/officer/compliance', element: <ComplianceBoard /> },
  { path: '/officer/user-id-requests', element: <UserIdRequests /> },
];
