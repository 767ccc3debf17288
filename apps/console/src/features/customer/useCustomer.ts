import { useQuery } from '@apollo/client/react';
import { CustomerDocument } from '@switchboard/schema';

/** The panel's customer; mutations below answer with the same fragment, so the cache keeps it current. */
export function useCustomer(customerId: string) {
  return useQuery(CustomerDocument, { variables: { id: customerId } });
}
