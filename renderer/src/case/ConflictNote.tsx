// A field two desktops edited at once. Free text shows both versions until an engineer keeps one
// (or saves a merge in the field); a short field says what value the later edit replaced.
import type { FieldConflict } from '../../../shared/cases/field-conflicts';

export function ConflictNote({ conflict, busy, onKeep }: { conflict: FieldConflict; busy: boolean; onKeep: (value: string | null) => void }) {
  const other = conflict.otherAuthor ?? 'another desktop';
  if (conflict.kind === 'overwritten') {
    return (
      <p className="conflict overwritten">
        Changed at the same time: “{conflict.other ?? '(empty)'}” ({other}) was replaced by this value ({conflict.author}).
      </p>
    );
  }
  return (
    <div className="conflict text" role="group" aria-label="Two versions">
      <p>
        <strong>Edited on two desktops at once.</strong> Shown above: {conflict.author}’s version. The other, by {other}:
      </p>
      <blockquote>{conflict.other ?? '(empty)'}</blockquote>
      <div className="conflict-actions">
        <button disabled={busy} onClick={() => onKeep(conflict.value)}>
          Keep the version above
        </button>
        <button disabled={busy} onClick={() => onKeep(conflict.other)}>
          Use {other}’s version
        </button>
        <span className="hint">or merge them in the field, then keep the version above</span>
      </div>
    </div>
  );
}
