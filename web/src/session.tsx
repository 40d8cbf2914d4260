// Who is signed in, as the API says (`GET /v1/auth/session` with the session cookie,
// which answers 200 either way). `undefined` while it is being asked, `null` when signed
// out.
import { createContext } from "preact";
import { useCallback, useContext, useEffect, useState } from "preact/hooks";
import { api, ok, type User } from "./api/client";
import { startLive, stopLive } from "./live";

type SessionValue = {
  user: User | null | undefined;
  setUser: (user: User | null) => void;
  refresh: () => Promise<void>;
};

const SessionContext = createContext<SessionValue>({
  user: undefined,
  setUser: () => undefined,
  refresh: async () => undefined,
});

export function SessionProvider({ children }: { children: preact.ComponentChildren }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const refresh = useCallback(async () => {
    try {
      setUser((await ok(api.GET("/v1/auth/session"))).user ?? null);
    } catch {
      setUser((current) => current ?? null);
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  // One live connection while someone is signed in; closed when they sign out.
  const userId = user?.id;
  useEffect(() => {
    if (!userId) return;
    startLive();
    return stopLive;
  }, [userId]);
  return (
    <SessionContext.Provider value={{ user, setUser, refresh }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): SessionValue {
  return useContext(SessionContext);
}
