import type { RouteObject } from 'react-router-dom';
import { lifecycleRoutes } from './lifecycle.routes.tsx';
import { oversightRoutes } from './oversight.routes.tsx';
import { returnDataRoutes } from './return-data.routes.tsx';

export const officerRoutes: RouteObject[] = [...oversightRoutes, ...lifecycleRoutes, ...returnDataRoutes];
