// The keyboard shortcuts, listed (`?` shows and hides this).
export const QUEUE_KEYS: [string, string][] = [
  ['↑ ↓', 'move through the cases'],
  ['Enter', 'open the selected case'],
  ['/', 'search every case'],
  ['n', 'new case'],
  ['?', 'show or hide this list'],
  ['Esc', 'close what is open'],
];

export const CASE_KEYS: [string, string][] = [
  ['c', 'log a contact'],
  ['r', 'the customer replied'],
  ['w', 'a work-around was delivered'],
  ['t', 'add a note'],
  ['s', 'change the status'],
  ['v', 'change the severity'],
  ['e', 'escalate'],
  ['m', 'request missing information'],
  ['u', 'undo your last change (within 15 minutes)'],
];

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <div className="help" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onClick={onClose}>
      <div>
        <h2>Keyboard shortcuts</h2>
        <h3>Queue</h3>
        <ul>
          {QUEUE_KEYS.map(([key, what]) => (
            <li key={key}>
              <kbd>{key}</kbd>
              {what}
            </li>
          ))}
        </ul>
        <h3>In a case</h3>
        <ul>
          {CASE_KEYS.map(([key, what]) => (
            <li key={key}>
              <kbd>{key}</kbd>
              {what}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
