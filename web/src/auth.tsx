import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, type Me, ok, onUnauthorized, tokenStore } from './api/client';

interface Auth {
  me: Me | null;
  /** true while the stored token is being checked */
  checking: boolean;
  /** set when the server refused the stored token */
  expired: boolean;
  signIn: (token: string) => Promise<Me>;
  signOut: () => void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(() => tokenStore.get() !== null);
  const [expired, setExpired] = useState(false);

  const signOut = useCallback(() => {
    tokenStore.clear();
    setMe(null);
  }, []);

  useEffect(() => {
    onUnauthorized(() => {
      if (tokenStore.get()) setExpired(true);
      tokenStore.clear();
      setMe(null);
    });
    if (!tokenStore.get()) return;
    ok(api.GET('/api/v1/me'))
      .then(setMe, () => {})
      .finally(() => setChecking(false));
  }, []);

  const signIn = useCallback(async (token: string) => {
    tokenStore.set(token.trim());
    try {
      const who = await ok(api.GET('/api/v1/me'));
      setMe(who);
      setExpired(false);
      return who;
    } catch (e) {
      tokenStore.clear();
      throw e;
    }
  }, []);

  const value = useMemo(() => ({ me, checking, expired, signIn, signOut }), [me, checking, expired, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const a = useContext(AuthContext);
  if (!a) throw new Error('useAuth outside AuthProvider');
  return a;
}

/** The signed-in principal (pages under the shell are only rendered when there is one). */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('not signed in');
  return me;
}
