// The keyboard shortcuts, listed from their declarations (`?` shows and hides this).
import { useRef } from 'react';
import { useFocusTrap } from '../ui/useFocusTrap';
import { SCOPE_TITLES, SHORTCUTS } from './shortcuts';

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useFocusTrap(ref);
  return (
    <div ref={ref} className="help" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" tabIndex={-1} onClick={onClose}>
      <div>
        <h2>Keyboard shortcuts</h2>
        {SCOPE_TITLES.map(({ scope, title }) => (
          <section key={scope} aria-label={title}>
            <h3>{title}</h3>
            <ul>
              {SHORTCUTS.filter((s) => s.scope === scope).map((s) => (
                <li key={s.shown}>
                  <kbd>{s.shown}</kbd>
                  {s.description}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}
