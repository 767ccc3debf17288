import { useState } from 'react';
import { useSession } from '../../app/session';
import { useLogout } from '../auth/useLogout';

/** Signs out on the server, then here whatever the server said. */
export function useSignOut() {
  const { signOut } = useSession();
  const [logout] = useLogout();
  const [signingOut, setSigningOut] = useState(false);

  async function run() {
    setSigningOut(true);
    try {
      await logout();
    } catch {
      // The token is dropped locally either way; the server expires it on its own.
    } finally {
      signOut();
    }
  }

  return { signingOut, signOut: run };
}
