import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiFailure, client, ok, PASSWORD_CHANGE, SESSION_ENDED, setCsrfToken, type Answer } from './api.ts';

/** The signed-in account (GET /v1/me). */
export type Me = Answer<'/v1/me'>;
export type Role = Me['role'];

/** What the account's institution may do today (GET /v1/me/access). */
export type Access = Answer<'/v1/me/access'>;

export type Area = 'operator' | 'institution' | 'officer';
export function areaOf(role: Role): Area {
  if (role === 'operator') return 'operator';
  if (role === 'institution_head' || role === 'institution_admin') return 'institution';
  return 'officer';
}

type State =
  | { status: 'loading' }
  | { status: 'signedOut'; reason?: 'ended' | 'signedOut' | 'refused'; message?: string }
  | { status: 'signedIn'; me: Me; access: Access | null; mustChangePassword: boolean };

interface SessionApi {
  state: State;
  signIn(username: string, password: string, totp?: string): Promise<void>;
  signOut(): Promise<void>;
  /**
   * Re-reads the account (its quota) after an answer, keeping what the institution may do as it was read: a
   * refusal (the agreement revoked a moment ago, say) stays on the screen that got it, instead of the menu
   * changing under it and leading away. The menu follows at the next load of the portal.
   */
  refreshAccount(): Promise<void>;
  passwordChanged(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ status: 'loading' });

  const load = useCallback(async (mustChangePassword = false) => {
    try {
      const me = await ok(client.GET('/v1/me'));
      const [{ csrfToken }, access] = await Promise.all([
        ok(client.GET('/v1/auth/csrf')),
        // An operator's menu offers only what the agreement grants; without the answer it offers everything
        // and the server still refuses what is not granted.
        me.role === 'operator' && !me.mustChangePassword
          ? ok(client.GET('/v1/me/access')).catch(() => null)
          : Promise.resolve(null),
      ]);
      setCsrfToken(csrfToken);
      setState({
        status: 'signedIn',
        me,
        access,
        mustChangePassword: mustChangePassword || me.mustChangePassword === true,
      });
    } catch (e) {
      if (e instanceof ApiFailure && e.code === 'PASSWORD_CHANGE_REQUIRED') {
        setState((s) => (s.status === 'signedIn' ? { ...s, mustChangePassword: true } : s));
        return;
      }
      // A session refused while signed in has ended (keep the reason an earlier refusal gave); an account the
      // server now refuses (deactivated, say) says why, in the server's words users know.
      const refused = e instanceof ApiFailure && e.status === 403;
      setState((s) =>
        s.status === 'signedOut'
          ? s
          : s.status === 'signedIn'
            ? refused
              ? { status: 'signedOut', reason: 'refused', message: e.message }
              : { status: 'signedOut', reason: 'ended' }
            : { status: 'signedOut' },
      );
    }
  }, []);

  useEffect(() => {
    void load();
    const ended = () => {
      setCsrfToken(null);
      setState({ status: 'signedOut', reason: 'ended' });
    };
    const mustChange = () =>
      setState((s) => (s.status === 'signedIn' ? { ...s, mustChangePassword: true } : s));
    window.addEventListener(SESSION_ENDED, ended);
    window.addEventListener(PASSWORD_CHANGE, mustChange);
    return () => {
      window.removeEventListener(SESSION_ENDED, ended);
      window.removeEventListener(PASSWORD_CHANGE, mustChange);
    };
  }, [load]);

  const value = useMemo<SessionApi>(
    () => ({
      state,
      async signIn(username, password, totp) {
        const res = await ok(
          client.POST('/v1/auth/session', { body: { username, password, ...(totp ? { totp } : {}) } }),
        );
        setCsrfToken(res.csrfToken);
        await load(res.mustChangePassword === true);
      },
      async signOut() {
        try {
          await ok(client.DELETE('/v1/auth/session'));
        } finally {
          setCsrfToken(null);
          setState({ status: 'signedOut', reason: 'signedOut' });
        }
      },
      async refreshAccount() {
        try {
          const me = await ok(client.GET('/v1/me'));
          setState((s) => (s.status === 'signedIn' ? { ...s, me } : s));
        } catch {
          // An ended session or a refused account: the full load says so on the next request.
          await load(state.status === 'signedIn' && state.mustChangePassword);
        }
      },
      passwordChanged: () => load(false),
    }),
    [state, load],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in account (screens behind the sign-in only). */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useMe without a session');
  return state.me;
}

/** What the signed-in account's institution may do today (null: not an operator, or not known). */
export function useAccess(): Access | null {
  const { state } = useSession();
  return state.status === 'signedIn' ? state.access : null;
}
