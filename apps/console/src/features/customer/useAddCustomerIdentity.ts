import { useMutation } from '@apollo/client/react';
import { AddCustomerIdentityDocument } from '@switchboard/schema';

export function useAddCustomerIdentity() {
  return useMutation(AddCustomerIdentityDocument);
}
