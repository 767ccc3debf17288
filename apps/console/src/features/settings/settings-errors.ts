import { ErrorCode } from '@switchboard/schema';
import { fieldError } from '../../ui/field-error';

export interface SettingsError {
  /** The input the server blamed (`extensions.field`), to show the message beside it. */
  field: string | null;
  message: string;
}

/** Every set-up mutation's failure, in words for the form; mapped here once. */
export function settingsError(error: unknown): SettingsError {
  const { code, field, message } = fieldError(error);
  switch (code) {
    case ErrorCode.FORBIDDEN:
      return { field: null, message: 'Only admins change set-up. Your role may have changed: reload the page.' };
    case ErrorCode.NOT_FOUND:
      return { field: null, message: 'Someone removed that meanwhile. Reload the page to see the set-up as it is now.' };
    default:
      return { field, message };
  }
}
