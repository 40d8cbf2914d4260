// Who is signed in, as the API says (`GET /v1/auth/session` with the session cookie,
// which answers 200 either way). `undefined` while it is being asked, `null` when signed
// out.
import { createContext } from "preact";
import { useCallback, useContext, useEffect, useState } from "preact/hooks";
import { api, ok, type User } from "./api/client";

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
  return (
    <SessionContext.Provider value={{ user, setUser, refresh }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): SessionValue {
  return useContext(SessionContext);
}
