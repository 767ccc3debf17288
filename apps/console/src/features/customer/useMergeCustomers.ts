import { useMutation } from '@apollo/client/react';
import { MergeCustomersDocument } from '@switchboard/schema';

export function useMergeCustomers() {
  return useMutation(MergeCustomersDocument);
}
