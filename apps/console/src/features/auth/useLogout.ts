import { useMutation } from '@apollo/client/react';
import { LogoutDocument } from '@switchboard/schema';

export function useLogout() {
  return useMutation(LogoutDocument);
}
