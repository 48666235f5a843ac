// The case's fields, edited in place: every field of the declaration (shared/cases/case-fields.ts)
// in the order the app shows them, read with valueAt and saved with editOf, each with the
// conflict of two desktops' edits where there is one.
import { editOf, FIELDS_AS_SHOWN, valueAt } from '../../../shared/cases/case-fields';
import type { CaseChange, CaseDetail } from '../../../shared/ipc/contract';
import { ConflictNote } from './ConflictNote';
import { EditableField } from './EditableField';

interface Props {
  detail: CaseDetail;
  busy: boolean;
  change: (name: CaseChange, args: Record<string, unknown>, onProblem?: (message: string) => void) => Promise<boolean>;
}

export function CaseFields({ detail, busy, change }: Props) {
  const record = detail.record;
  const id = String(record.id);
  // A closed case's fields are as they were closed: read-only, saying why.
  const readOnly = detail.offers.updateCase.refused;
  return (
    <>
      <h3>Fields</h3>
      {readOnly && <p className="hint read-only">Read-only: {readOnly}</p>}
      <dl className="fields">
        {FIELDS_AS_SHOWN.map((f) => {
          const conflict = detail.conflicts.find((c) => c.field === f.path);
          const value = valueAt(record, f.path);
          return (
            <EditableField
              key={`${id}:${f.label}`}
              draftKey={`casedesk.draft.${id}.${f.label}`}
              label={f.label}
              value={typeof value === 'string' ? value : ''}
              kind={f.kind}
              options={f.options}
              maxLength={f.max}
              readOnly={readOnly !== null}
              onSave={(v, base, onProblem) => change('updateCase', { fields: editOf(f.path, v), base: { [f.path]: base || null } }, onProblem)}
              note={conflict && <ConflictNote conflict={conflict} busy={busy} onKeep={(v) => void change('updateCase', { fields: editOf(f.path, v ?? ''), resolves: [f.path] })} />}
            />
          );
        })}
      </dl>
    </>
  );
}
