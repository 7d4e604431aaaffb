import type { RouteObject } from 'react-router-dom';

/** Dashboard, audit search, compliance board, user-ID requests. */
export const oversightRoutes: RouteObject[] = [];
