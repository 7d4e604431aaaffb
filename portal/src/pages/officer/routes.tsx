import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';
import { lifecycleRoutes } from './lifecycle.routes.tsx';
import { oversightRoutes } from './oversight.routes.tsx';
import { returnDataRoutes } from './return-data.routes.tsx';

const Fees = lazy(() => import('./Fees.tsx').then((m) => ({ default: m.Fees })));

export const officerRoutes: RouteObject[] = [
  ...oversightRoutes,
  ...lifecycleRoutes,
  ...returnDataRoutes,
  { path: '/officer/fees', element: <Fees /> },
];
