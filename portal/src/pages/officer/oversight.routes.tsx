import type { RouteObject } from 'react-router-dom';
import { AuditSearch } from './AuditSearch.tsx';
import { ComplianceBoard } from './ComplianceBoard.tsx';
import { Dashboard } from './Dashboard.tsx';
import { UserIdRequests } from './UserIdRequests.tsx';

/** Dashboard, audit search, compliance board, user-ID requests. */
export const oversightRoutes: RouteObject[] = [
  { path: '/officer/dashboard', element: <Dashboard /> },
  { path: '/officer/audit', element: <AuditSearch /> },
  { path: '/officer/compliance', element: <ComplianceBoard /> },
  { path: '/officer/user-id-requests', element: <UserIdRequests /> },
];
