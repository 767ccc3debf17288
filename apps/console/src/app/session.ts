import { createContext, createElement, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { CloseReason } from '@switchboard/schema';

export const TOKEN_STORAGE_KEY = 'switchboard.token';
export const SESSION_EXPIRED_MESSAGE = 'Your session has expired. Please sign in again.';

/** What the sign-in page says after the server ended the session, by the socket's close reason. */
const SIGNED_OUT_BECAUSE: Partial<Record<string, string>> = {
  [CloseReason.AGENT_DEACTIVATED]: 'An admin deactivated your account, so you were signed out. Ask an admin if you need access again.',
  [CloseReason.PASSWORD_RESET]: 'An admin set a new password for you, so you were signed out. Sign in with the new password.',
  [CloseReason.SIGNED_OUT]: 'You signed out in another tab.',
};

export function signedOutMessage(closeReason?: string): string {
  return (closeReason && SIGNED_OUT_BECAUSE[closeReason]) || SESSION_EXPIRED_MESSAGE;
}

export interface Session {
  /** The agent's session token; null while signed out. */
  token: string | null;
  /** Why the agent was signed out (shown on the sign-in page); null otherwise. */
  message: string | null;
  signIn(token: string): void;
  signOut(message?: string): void;
}

// Storage can throw when site data is disabled; treat that as signed out rather than crash.
// The Apollo client reads the token from here on every request, so storage is the one source.
export function readStoredToken(storage: Storage | undefined = globalThis.localStorage): string | null {
  try {
    return storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

function writeStoredToken(token: string | null, storage: Storage | undefined): void {
  try {
    if (token === null) storage?.removeItem(TOKEN_STORAGE_KEY);
    else storage?.setItem(TOKEN_STORAGE_KEY, token);
  } catch {
    // See readStoredToken.
  }
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({
  children,
  storage = globalThis.localStorage,
}: {
  children: ReactNode;
  storage?: Storage;
}) {
  const [token, setToken] = useState<string | null>(() => readStoredToken(storage));
  const [message, setMessage] = useState<string | null>(null);

  const signIn = useCallback(
    (next: string) => {
      writeStoredToken(next, storage);
      setMessage(null);
      setToken(next);
    },
    [storage],
  );

  const signOut = useCallback(
    (reason?: string) => {
      writeStoredToken(null, storage);
      // The socket's close says why before a request's 401 can: the first reason given stays.
      setMessage((shown) => (shown !== null && reason === SESSION_EXPIRED_MESSAGE ? shown : reason ?? null));
      setToken(null);
    },
    [storage],
  );

  const session = useMemo<Session>(() => ({ token, message, signIn, signOut }), [token, message, signIn, signOut]);
  return createElement(SessionContext.Provider, { value: session }, children);
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>');
  return session;
}
