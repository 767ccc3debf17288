import { useMutation } from '@apollo/client/react';
import { LeaveThreadDocument } from '@switchboard/schema';

export function useLeaveThread() {
  return useMutation(LeaveThreadDocument);
}
