// The product catalogue screen: the products and versions with their support status (supported,
// end of support on a day, discontinued, beta, field test), edited by an admin and put in use for
// the team — in force here at once, sent to the central store at the next sync (`catalogue:use`).
// Everyone else reads it. A malformed entry is refused by the core, naming the product and field;
// an edit made on an older revision than the team's is refused saying who changed it.
import { useEffect, useRef, useState } from 'react';
import { SUPPORT_STATUSES, STATUS_WORDS, type CatalogueVersion, type ProductCatalogue, type SupportStatus } from '../../../shared/catalogue/product-catalogue';
import type { CasedeskApi, CatalogueState } from '../../../shared/ipc/contract';
import { Moment } from '../ui/Moment';
import { useFocusTrap } from '../ui/useFocusTrap';

interface Props {
  api: CasedeskApi;
  me: string;
  /** The signed-in server user's role; null: this desktop works alone (it may edit, the server judges later). */
  role: string | null;
}

export function CatalogueButton(props: Props) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} title="The products and versions the support policy covers">
        Catalogue…
      </button>
      {open && <CatalogueDialog {...props} onClose={() => setOpen(false)} />}
    </>
  );
}

type Draft = ProductCatalogue['products'];

const blankVersion = (): CatalogueVersion => ({ version: '', status: 'supported' });

/** The draft as the catalogue document: empty notes left out, an end of support only where it belongs. */
function documentOf(draft: Draft): ProductCatalogue {
  return {
    format: 'casedesk.catalogue/1',
    products: draft.map((p) => ({
      name: p.name.trim(),
      versions: p.versions.map((v) => ({
        version: v.version.trim(),
        status: v.status,
        ...(v.status === 'end-of-support' ? { endOfSupport: v.endOfSupport ?? '' } : {}),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      })),
      ...(p.note?.trim() ? { note: p.note.trim() } : {}),
    })),
  };
}

export function CatalogueDialog({ api, me, role, onClose }: Props & { onClose: () => void }) {
  const [state, setState] = useState<CatalogueState | null>(null);
  const [draft, setDraft] = useState<Draft>([]);
  const [said, setSaid] = useState<{ text: string; error: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useFocusTrap(box);
  const mayEdit = role === null || role === 'admin';

  const load = () =>
    api['catalogue:get']({}).then(
      (s) => {
        setState(s);
        setDraft(structuredClone(s.catalogue.products));
      },
      (err: Error) => setSaid({ text: err.message, error: true }),
    );
  useEffect(() => void load(), [api]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  const changed = state !== null && JSON.stringify(documentOf(draft)) !== JSON.stringify(documentOf(state.catalogue.products));
  const setProduct = (i: number, edit: Partial<Draft[number]>) => setDraft(draft.map((p, j) => (j === i ? { ...p, ...edit } : p)));
  const setVersion = (i: number, k: number, edit: Partial<CatalogueVersion>) =>
    setProduct(i, { versions: draft[i]!.versions.map((v, j) => (j === k ? { ...v, ...edit } : v)) });

  const save = async () => {
    if (!state) return;
    setSaving(true);
    setSaid(null);
    try {
      const next = await api['catalogue:use']({ author: me || 'admin', catalogue: documentOf(draft), base: state.revision });
      setState(next);
      setDraft(structuredClone(next.catalogue.products));
      setSaid({ text: `Catalogue revision ${next.revision} is in use (${next.summary})${next.pending ? '; it goes to the team at the next sync' : ''}.`, error: false });
    } catch (err) {
      setSaid({ text: (err as Error).message, error: true });
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="dialog-backdrop">
      <div ref={box} className="dialog catalogue" role="dialog" aria-modal="true" aria-label="Product catalogue" tabIndex={-1}>
        <h2>Product catalogue</h2>
        {state ? (
          <p className="hint">
            Revision {state.revision}
            {state.by ? (
              <>
                , put in use by {state.by}
                {state.at ? (
                  <>
                    {' '}
                    <Moment ms={state.at} />
                  </>
                ) : null}
              </>
            ) : (
              ' (the one Casedesk ships with)'
            )}
            . {state.summary}.{state.pending ? ' An edit made here waits to be sent to the team.' : ''}
          </p>
        ) : (
          <p className="hint">Reading the catalogue…</p>
        )}
        {!mayEdit && <p className="hint">Only an admin changes the catalogue; you are signed in as {role}.</p>}
        {draft.map((product, i) => (
          <section key={i} className="catalogue-product" aria-label={`Catalogue product ${product.name || i + 1}`}>
            <div className="catalogue-product-head">
              <label>
                Product name
                <input value={product.name} readOnly={!mayEdit} maxLength={200} onChange={(e) => setProduct(i, { name: e.target.value })} />
              </label>
              {mayEdit && (
                <button type="button" onClick={() => setDraft(draft.filter((_, j) => j !== i))} aria-label={`Remove product ${product.name}`}>
                  Remove product
                </button>
              )}
            </div>
            <table className="catalogue-versions">
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Status</th>
                  <th scope="col">End of support</th>
                  <th scope="col">Note</th>
                  {mayEdit && <th scope="col"><span className="visually-hidden">Remove</span></th>}
                </tr>
              </thead>
              <tbody>
                {product.versions.map((v, k) => {
                  const what = `${product.name} ${v.version}`.trim();
                  return (
                    <tr key={k} className={`status-${v.status}`}>
                      <td>
                        <input value={v.version} readOnly={!mayEdit} maxLength={40} aria-label={`Version (${what})`} placeholder="7.2" onChange={(e) => setVersion(i, k, { version: e.target.value })} />
                      </td>
                      <td>
                        <select value={v.status} disabled={!mayEdit} aria-label={`Status of ${what}`} onChange={(e) => setVersion(i, k, { status: e.target.value as SupportStatus })}>
                          {SUPPORT_STATUSES.map((s) => (
                            <option key={s} value={s}>
                              {STATUS_WORDS[s]}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>
                        {v.status === 'end-of-support' ? (
                          <input type="date" value={v.endOfSupport ?? ''} readOnly={!mayEdit} aria-label={`End of support of ${what}`} onChange={(e) => setVersion(i, k, { endOfSupport: e.target.value })} />
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                      <td>
                        <input value={v.note ?? ''} readOnly={!mayEdit} maxLength={500} aria-label={`Note on ${what}`} onChange={(e) => setVersion(i, k, { note: e.target.value })} />
                      </td>
                      {mayEdit && (
                        <td>
                          <button type="button" aria-label={`Remove version ${what}`} onClick={() => setProduct(i, { versions: product.versions.filter((_, j) => j !== k) })}>
                            ✕
                          </button>
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {mayEdit && (
              <button type="button" onClick={() => setProduct(i, { versions: [...product.versions, blankVersion()] })}>
                Add version
              </button>
            )}
          </section>
        ))}
        {mayEdit && (
          <button type="button" onClick={() => setDraft([...draft, { name: '', versions: [blankVersion()] }])}>
            Add product
          </button>
        )}
        {said && (
          <p className={said.error ? 'error' : 'note'} role={said.error ? 'alert' : 'status'}>
            {said.text}
          </p>
        )}
        <div className="actions">
          {mayEdit && (
            <>
              <button type="button" className="primary" disabled={!changed || saving} onClick={() => void save()}>
                {saving ? 'Saving…' : 'Put in use'}
              </button>
              <button type="button" disabled={!changed || saving} onClick={() => state && (setDraft(structuredClone(state.catalogue.products)), setSaid(null))}>
                Discard edits
              </button>
            </>
          )}
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
