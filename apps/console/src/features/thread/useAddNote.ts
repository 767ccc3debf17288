import { useMutation } from '@apollo/client/react';
import { AddNoteDocument } from '@switchboard/schema';

export function useAddNote() {
  return useMutation(AddNoteDocument);
}
