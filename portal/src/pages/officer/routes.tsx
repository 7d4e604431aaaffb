import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';
import { lifecycleRoutes } from './lifecycle.routes.tsx';
import { oversightRoutes } from './oversight.routes.tsx';
import { returnDataRoutes } from './return-data.routes.tsx';
import { reportsRoutes } from './reports.routes.tsx';
import { ticketRoutes } from '../tickets/tickets.routes.tsx';

const Fees = lazy(() => import('./Fees.tsx').then((m) => ({ default: m.Fees })));
const QuotaRequests = lazy(() =>
  import('../network/QuotaRequests.tsx').then((m) => ({ default: m.QuotaRequests })),
);
const Holidays = lazy(() => import('../network/Holidays.tsx').then((m) => ({ default: m.Holidays })));
const OfficerNetwork = lazy(() =>
  import('../network/OfficerNetwork.tsx').then((m) => ({ default: m.OfficerNetwork })),
);
const ChangeNotices = lazy(() => import('./ChangeNotices.tsx').then((m) => ({ default: m.ChangeNotices })));
const Mous = lazy(() => import('./Mous.tsx').then((m) => ({ default: m.Mous })));
const Sams = lazy(() => import('./Sams.tsx').then((m) => ({ default: m.Sams })));
const DisputeBoard = lazy(() => import('./Disputes.tsx').then((m) => ({ default: m.DisputeBoard })));
const OfficerDispute = lazy(() => import('./Disputes.tsx').then((m) => ({ default: m.OfficerDispute })));

export const officerRoutes: RouteObject[] = [
  ...oversightRoutes,
  ...lifecycleRoutes,
  ...returnDataRoutes,
  ...reportsRoutes,
  ...ticketRoutes.officer,
  { path: '/officer/fees', element: <Fees /> },
  { path: '/officer/institutions/:id/network', element: <OfficerNetwork /> },
  { path: '/officer/holidays', element: <Holidays /> },
  { path: '/officer/quota-requests', element: <QuotaRequests /> },
  { path: '/officer/change-notices', element: <ChangeNotices /> },
  { path: '/officer/mous', element: <Mous /> },
  { path: '/officer/sams', element: <Sams /> },
  { path: '/officer/disputes', element: <DisputeBoard /> },
  { path: '/officer/disputes/:id', element: <OfficerDispute /> },
];
