import { useMutation } from '@apollo/client/react';
import { ResetAgentPasswordDocument } from '@switchboard/schema';

export function useResetAgentPassword() {
  return useMutation(ResetAgentPasswordDocument);
}
