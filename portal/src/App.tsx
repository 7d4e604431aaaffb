import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, useRoutes, type RouteObject } from 'react-router-dom';
import { Layout, NAV, navFor } from './components/Layout.tsx';
import { Loading, Page } from './components/ui.tsx';
import { ChangePassword } from './pages/ChangePassword.tsx';
import { institutionRoutes } from './pages/institution/routes.tsx';
import { officerRoutes } from './pages/officer/routes.tsx';
import { operatorRoutes } from './pages/operator/routes.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { areaOf, useAccess, useMe, useSession, type Area } from './session.tsx';

const ROUTES: Record<Area, RouteObject[]> = {
  operator: operatorRoutes,
  institution: institutionRoutes,
  officer: officerRoutes,
};

function NotFound() {
  const { t } = useTranslation();
  return <Page title={t('errors.NOT_FOUND')}>{null}</Page>;
}

function AreaRoutes({ area }: { area: Area }) {
  const offered = navFor(area, useAccess(), useMe().role);
  const home = offered[0]!.to;
  // A screen the agreement does not grant (a bookmark, a typed address) leads home instead of to a form the
  // server would refuse.
  const withheld = new Set(NAV[area].filter((n) => !offered.includes(n)).map((n) => n.to));
  return useRoutes([
    { path: '/', element: <Navigate to={home} replace /> },
    ...ROUTES[area].map((r) =>
      r.path && withheld.has(r.path) ? { path: r.path, element: <Navigate to={home} replace /> } : r,
    ),
    // A page of another area (a bookmark of another role): back to this role's home.
    { path: '/operator/*', element: <Navigate to={home} replace /> },
    { path: '/institution/*', element: <Navigate to={home} replace /> },
    { path: '/officer/*', element: <Navigate to={home} replace /> },
    { path: '*', element: <NotFound /> },
  ]);
}

export function App() {
  const { state } = useSession();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'signedOut') return <SignIn reason={state.reason} message={state.message} />;
  return (
    <BrowserRouter>
      <Layout>
        {/* The screens load on first use (pages/<area>/routes.tsx); the menu stays while one arrives. */}
        <Suspense fallback={<Loading />}>
          {state.mustChangePassword ? <ChangePassword /> : <AreaRoutes area={areaOf(state.me.role)} />}
        </Suspense>
      </Layout>
    </BrowserRouter>
  );
}
