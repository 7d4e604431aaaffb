import type { RouteObject } from 'react-router-dom';
import { Agreement } from './Agreement.tsx';
import { Compliance } from './Compliance.tsx';
import { Operators } from './Operators.tsx';
import { Requests } from './Requests.tsx';
import { Usage } from './Usage.tsx';

export const institutionRoutes: RouteObject[] = [
  { path: '/institution/operators', element: <Operators /> },
  { path: '/institution/agreement', element: <Agreement /> },
  { path: '/institution/usage', element: <Usage /> },
  { path: '/institution/requests', element: <Requests /> },
  { path: '/institution/compliance', element: <Compliance /> },
];
