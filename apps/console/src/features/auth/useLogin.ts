import { useMutation } from '@apollo/client/react';
import { LoginDocument } from '@switchboard/schema';

export function useLogin() {
  return useMutation(LoginDocument);
}
