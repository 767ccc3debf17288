import { useMutation } from '@apollo/client/react';
import { SetPresenceDocument, type Presence } from '@switchboard/schema';
import { useCallback, useEffect } from 'react';

/** My presence: setting it, and coming ONLINE when a console signs in unless I chose otherwise before. */
export function usePresence(me: { id: string; presence: Presence } | null) {
  const [setPresenceMutation] = useMutation(SetPresenceDocument);
  const setPresence = useCallback((presence: Presence) => void setPresenceMutation({ variables: { presence } }), [setPresenceMutation]);

  useEffect(() => {
    if (me && me.presence === 'OFFLINE') setPresence('ONLINE');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when we first know who we are
  }, [me?.id]);

  return setPresence;
}
