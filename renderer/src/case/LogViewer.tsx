// A log the case holds, opened at once however large: the core indexes its lines in the
// background (attachment:lines) and the viewer shows the lines counted so far, reading only the
// lines in view, a page at a time (virtualised). ERROR/FATAL and WARN lines are marked; jump to a
// line; long lines wrap on demand.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { CasedeskApi } from '../../../shared/ipc/contract';

const PAGE = 200;
const LINE_HEIGHT = 18;

/** The level a log line is marked with. */
export function lineLevel(line: string): 'error' | 'warn' | null {
  if (/\b(ERROR|FATAL|CRIT(ICAL)?|EMERG)\b/.test(line)) return 'error';
  if (/\bWARN(ING)?\b/.test(line)) return 'warn';
  return null;
}

interface Props {
  api: CasedeskApi;
  caseId: string;
  sha256: string;
  name: string;
}

export function LogViewer({ api, caseId, sha256, name }: Props) {
  const [state, setState] = useState<{ total: number; indexed: number; size: number; done: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pages, setPages] = useState<Map<number, string[]>>(new Map());
  const [wrap, setWrap] = useState(false);
  const [jump, setJump] = useState('');
  const asked = useRef(new Set<number>());
  const scroller = useRef<HTMLDivElement>(null);

  // How far the index has come, until it is done.
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = () =>
      api['attachment:lines']({ caseId, sha256, from: 0, count: 0 }).then(
        (page) => {
          if (stop) return;
          setState({ total: page.total, indexed: page.indexed, size: page.size, done: page.done });
          if (!page.done) timer = setTimeout(look, 250);
        },
        (err: Error) => !stop && setError(err.message),
      );
    void look();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [api, caseId, sha256]);

  const total = state?.total ?? 0;
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => LINE_HEIGHT, overscan: 30 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  // The pages of the lines in view, read once each (a page read while the index grew short is read again).
  useEffect(() => {
    if (total === 0) return;
    for (let page = Math.floor(first / PAGE); page <= Math.floor(last / PAGE); page++) {
      const have = pages.get(page);
      const complete = have && (have.length === PAGE || (state?.done && page * PAGE + have.length >= total));
      if (complete || asked.current.has(page)) continue;
      asked.current.add(page);
      api['attachment:lines']({ caseId, sha256, from: page * PAGE, count: PAGE }).then(
        (answer) => {
          asked.current.delete(page);
          setPages((known) => new Map(known).set(page, answer.lines));
        },
        (err: Error) => setError(err.message),
      );
    }
  }, [api, caseId, sha256, first, last, total, pages, state?.done]);

  const lineAt = (index: number) => pages.get(Math.floor(index / PAGE))?.[index % PAGE];
  const share = state && state.size ? Math.floor((state.indexed / state.size) * 100) : 100;

  return (
    <div className="log-viewer" aria-label={`Log viewer: ${name}`} role="region">
      <div className="log-tools">
        <span className="note" role="status">
          {error ? '' : !state ? 'Opening…' : state.done ? `${total.toLocaleString()} lines` : `Indexing ${share}%: ${total.toLocaleString()} lines so far`}
        </span>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const line = Number(jump);
            if (Number.isInteger(line) && line >= 1 && line <= total) virtualizer.scrollToIndex(line - 1, { align: 'start' });
          }}
        >
          <label>
            Line <input type="number" min={1} max={Math.max(1, total)} value={jump} onChange={(e) => setJump(e.target.value)} aria-label="Go to line" />
          </label>
          <button type="submit">Go</button>
        </form>
        <label>
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} /> Wrap lines
        </label>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div ref={scroller} className={`log-lines${wrap ? ' wrap' : ''}`} tabIndex={0} aria-label={`The lines of ${name}`}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const line = lineAt(item.index);
            const level = line === undefined ? null : lineLevel(line);
            return (
              <div
                key={item.key}
                ref={virtualizer.measureElement}
                data-index={item.index}
                className={`log-line${level ? ` level-${level}` : ''}${line === undefined ? ' loading' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
              >
                <span className="line-number">{item.index + 1}</span>
                <span className="line-text">{line ?? ''}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
