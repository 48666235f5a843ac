// A dialog keeps the keyboard's focus: Tab and Shift+Tab cycle through its own controls (the
// topmost dialog's, when one opens over another), and when it closes the focus goes back to the
// element that had it when the dialog opened. Used by the case workspace, the new-case dialog and
// the shortcut help.
import { useEffect, useState, type RefObject } from 'react';

const TABBABLE = 'a[href], button, input, select, textarea, summary, [tabindex]';

/** The dialogs open now, the topmost last: only it traps Tab. */
const open: HTMLElement[][] = [];

function tabbables(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (el) => el.tabIndex >= 0 && !(el as HTMLButtonElement).disabled && !el.closest('[inert], [hidden]') && (el.tagName !== 'INPUT' || (el as HTMLInputElement).type !== 'hidden'),
  );
}

export function useFocusTrap(ref: RefObject<HTMLElement | null>): void {
  // Read at the first render, before the dialog (or anything in it) takes the focus.
  const [opener] = useState(() => (typeof document === 'undefined' ? null : (document.activeElement as HTMLElement | null)));
  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    const me = [container];
    open.push(me);
    // A dialog with nothing focused inside takes the focus itself (it needs tabIndex -1).
    if (!container.contains(document.activeElement)) container.focus({ preventScroll: true });
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Tab' || open.at(-1) !== me) return;
      const list = tabbables(container);
      const at = list.indexOf(document.activeElement as HTMLElement);
      if (list.length === 0) {
        e.preventDefault();
        container.focus();
      } else if (e.shiftKey && at <= 0) {
        e.preventDefault();
        list.at(-1)!.focus();
      } else if (!e.shiftKey && (at === -1 || at === list.length - 1)) {
        e.preventDefault();
        list[0]!.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      open.splice(open.indexOf(me), 1);
      if (opener && opener !== document.body && opener.isConnected) opener.focus({ preventScroll: true });
    };
  }, [ref, opener]);
}
