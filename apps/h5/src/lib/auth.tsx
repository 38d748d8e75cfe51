import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { api, ApiError, session, type Application, type Me } from '../api';
import { Loading } from '../components/states';

interface AuthState {
  me: Me | null;
  /** The caregiver application of this account, if any (approved = the caregiver app is open to them). */
  application: Application | null;
  ready: boolean;
  signIn: (jwt: string) => Promise<void>;
  signOut: () => void;
  refresh: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [application, setApplication] = useState<Application | null>(null);
  const [ready, setReady] = useState(false);

  const refresh = useCallback(async () => {
    if (!session.token()) {
      setMe(null);
      setApplication(null);
      return;
    }
    try {
      const [profile, app] = await Promise.all([
        api.me.get(),
        api.caregiver.application().catch((e: unknown) => {
          if (e instanceof ApiError && e.status === 404) return null;
          throw e;
        }),
      ]);
      setMe(profile);
      setApplication(app);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        session.clear();
        setMe(null);
        setApplication(null);
      } else throw e;
    }
  }, []);

  useEffect(() => {
    session.onUnauthorized(() => {
      session.clear();
      setMe(null);
      setApplication(null);
    });
    refresh()
      .catch(() => undefined)
      .finally(() => setReady(true));
  }, [refresh]);

  const value = useMemo<AuthState>(
    () => ({
      me,
      application,
      ready,
      refresh,
      signIn: async (jwt: string) => {
        session.set(jwt);
        await refresh();
      },
      signOut: () => {
        session.clear();
        setMe(null);
        setApplication(null);
      },
    }),
    [me, application, ready, refresh],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** Signed-in only; otherwise to the sign-in page, which comes back here afterwards. */
export function RequireAuth({ children, loginPath = '/login' }: { children: ReactNode; loginPath?: string }) {
  const { me, ready } = useAuth();
  const location = useLocation();
  if (!ready) return <Loading />;
  if (!me) return <Navigate to={loginPath} replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}
