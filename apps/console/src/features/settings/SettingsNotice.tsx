/** The last change made here, said once it is done; always rendered, so screen readers hear it change. */
export function SettingsNotice({ message }: { message: string | null }) {
  return (
    <p className={`settings__done ${message ? '' : 'settings__done--empty'}`} role="status">
      {message}
    </p>
  );
}
