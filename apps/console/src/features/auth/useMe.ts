import { useQuery } from '@apollo/client/react';
import { MeDocument } from '@switchboard/schema';

export function useMe() {
  return useQuery(MeDocument);
}
