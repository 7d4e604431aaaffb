import type { RouteObject } from 'react-router-dom';

/** Applications inbox, institutions, agreements. */
export const lifecycleRoutes: RouteObject[] = [];
