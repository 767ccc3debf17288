import { useQuery } from '@apollo/client/react';
import { CustomerSearchDocument } from '@switchboard/schema';

/** Customers matching `search`; nothing is asked until two characters are typed. */
export function useCustomerSearch(search: string) {
  const term = search.trim();
  return useQuery(CustomerSearchDocument, { variables: { search: term }, skip: term.length < 2, fetchPolicy: 'network-only' });
}
