import { ApolloProvider } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { SignInPage } from '../features/auth/SignInPage';
import { Shell } from '../features/shell/Shell';
import { createApolloClient } from './apollo';
import { LiveProvider } from './live';
import { readStoredToken, signedOutMessage, useSession } from './session';

export function App() {
  const session = useSession();
  const signOut = useRef(session.signOut);
  useEffect(() => {
    signOut.current = session.signOut;
  }, [session.signOut]);

  // One client for the page's lifetime: storage is written before the token state changes, so
  // reading it per request always sends the current token.
  const [apollo] = useState(() =>
    createApolloClient({
      getToken: () => readStoredToken(),
      onAuthError: (closeReason) => signOut.current(signedOutMessage(closeReason)),
    }),
  );

  useEffect(() => {
    // After sign-out, the next agent must not see this one's cached data or reuse the socket.
    if (session.token === null) void apollo.reset();
  }, [apollo, session.token]);

  return (
    <ApolloProvider client={apollo.client}>
      {session.token ? (
        <LiveProvider ws={apollo.ws} suspect={apollo.suspect}>
          <Shell />
        </LiveProvider>
      ) : (
        <SignInPage />
      )}
    </ApolloProvider>
  );
}
