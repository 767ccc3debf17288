/**
 * Copies `text`: the Clipboard API where the page may use it (a secure context), else the old
 * `execCommand('copy')` on the field's selection. False when neither worked: the text is left
 * selected in the field for the user to copy themselves.
 */
export async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (no permission, insecure context): fall back to the selection.
  }
  field?.focus();
  field?.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
