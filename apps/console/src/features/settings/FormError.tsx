/** A failure that names no field of the form: under the form, read out, and focusable. */
export function FormError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="notice notice--error settings-form__error" role="alert" tabIndex={-1} data-form-error>
      {message}
    </p>
  );
}
