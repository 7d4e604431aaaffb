import type { RouteObject } from 'react-router-dom';
import { History } from './History.tsx';
import { Lookup } from './Lookup.tsx';
import { Verify } from './Verify.tsx';

export const operatorRoutes: RouteObject[] = [
  { path: '/operator/lookup', element: <Lookup /> },
  { path: '/operator/verify', element: <Verify /> },
  { path: '/operator/history', element: <History /> },
];
