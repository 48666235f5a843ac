// Which links may leave the app for the system browser: https only. A page must never get
// `file:`, `javascript:` or custom-scheme URLs opened by the OS on its behalf.
export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
