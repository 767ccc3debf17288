import { useQuery } from '@apollo/client/react';
import { HandOffTargetsDocument } from '@switchboard/schema';

/** Loaded when the hand-off dialog opens, fresh each time: load and presence change all day. */
export function useHandOffTargets() {
  return useQuery(HandOffTargetsDocument, { fetchPolicy: 'network-only' });
}
