import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';

const InstitutionTickets = lazy(() =>
  import('./InstitutionTickets.tsx').then((m) => ({ default: m.InstitutionTickets })),
);
const TicketBoard = lazy(() => import('./TicketBoard.tsx').then((m) => ({ default: m.TicketBoard })));
const TicketDetail = lazy(() => import('./TicketBoard.tsx').then((m) => ({ default: m.TicketDetail })));

/** Data-quality tickets in each area: the institution's own list (operators too), the officers' board. */
export const ticketRoutes = {
  operator: [{ path: '/operator/tickets', element: <InstitutionTickets /> }] as RouteObject[],
  institution: [{ path: '/institution/tickets', element: <InstitutionTickets /> }] as RouteObject[],
  officer: [
    { path: '/officer/tickets', element: <TicketBoard /> },
    { path: '/officer/tickets/:id', element: <TicketDetail /> },
  ] as RouteObject[],
};
