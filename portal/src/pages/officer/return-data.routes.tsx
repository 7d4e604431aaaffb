import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';

const ReturnDataOversight = lazy(() =>
  import('./ReturnDataOversight.tsx').then((m) => ({ default: m.ReturnDataOversight })),
);

/** Return data: schemas, coverage, uploads, a resident's records. */
export const returnDataRoutes: RouteObject[] = [
  { path: '/officer/return-data', element: <ReturnDataOversight /> },
];
