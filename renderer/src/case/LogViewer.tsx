// A log the case holds, opened at once however large: the core indexes its lines in the
// background (attachment:lines) and the viewer shows the lines counted so far, reading only the
// lines in view, a page at a time (virtualised). ERROR/FATAL and WARN lines are marked; jump to a
// line; long lines wrap on demand. A regular-expression search (LogSearch.tsx) runs off this
// thread: Enter / F3 the next match, Shift+Enter / Shift+F3 the previous one.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { CasedeskApi } from '../../../shared/ipc/contract';
import { pollUntilDone } from '../ui/poll';
import { Marked, markingPattern, SearchOverview, SearchResults, useLogSearch, type SearchQuery } from './LogSearch';

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
  const [draft, setDraft] = useState('');
  const [ignoreCase, setIgnoreCase] = useState(false);
  const [query, setQuery] = useState<SearchQuery | null>(null);
  const [current, setCurrent] = useState<{ index: number; line: number } | null>(null);
  const [inView, setInView] = useState<Set<number>>(new Set());
  const search = useLogSearch(api, caseId, sha256, query);
  const regex = useMemo(() => markingPattern(query), [query]);

  // How far the index has come, until it is done.
  useEffect(
    () =>
      pollUntilDone(
        () => api['attachment:lines']({ caseId, sha256, from: 0, count: 0 }),
        (page) => setState({ total: page.total, indexed: page.indexed, size: page.size, done: page.done }),
        (err) => setError(err.message),
      ),
    [api, caseId, sha256],
  );

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

  // Which of the lines in view match (only those are marked: the page never runs the pattern over
  // a line the search thread has not found it in).
  const found = search.state?.count ?? 0;
  const { window: matchesFrom } = search;
  useEffect(() => {
    if (!query || found === 0) return setInView(new Set());
    let stop = false;
    void matchesFrom({ at: first }, Math.min(500, last - first + 1)).then((answer) => {
      if (!stop && answer) setInView(new Set(answer.matches.map((m) => m.line).filter((line) => line <= last)));
    });
    return () => {
      stop = true;
    };
  }, [query, found, first, last, matchesFrom]);

  const readResults = useCallback((from: number, count: number) => matchesFrom({ from }, count), [matchesFrom]);
  const go = (index: number, line: number) => {
    setCurrent({ index, line });
    virtualizer.scrollToIndex(line, { align: 'center' });
  };
  /** Go to the `index`-th match: `near` is an answer already at hand, read again only when it starts elsewhere. */
  const goToMatch = async (index: number, near: NonNullable<Awaited<ReturnType<typeof matchesFrom>>>) => {
    const picked = index === near.first && near.matches.length > 0 ? near : await matchesFrom({ from: index }, 1);
    const match = picked?.matches[0];
    if (match) go(index, match.line);
  };
  /** The match after (or before) the current one, or the line in view; round to the other end. */
  const step = async (forward: boolean) => {
    const count = search.state?.count ?? 0;
    if (!query || count === 0) return;
    // From the current match, or the first line in view (not the margin drawn above it).
    const top = virtualizer.getVirtualItemForOffset(virtualizer.scrollOffset ?? 0)?.index ?? first;
    const from = current ? current.line + (forward ? 1 : 0) : top;
    const near = await matchesFrom({ at: from }, 1);
    if (!near) return;
    let index = forward ? near.first : near.first - 1;
    if (index < 0 || index >= Math.min(count, near.kept)) index = forward ? 0 : Math.min(count, near.kept) - 1;
    await goToMatch(index, near);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'F3') {
      e.preventDefault();
      void step(!e.shiftKey);
    }
  };
  const pickInOverview = async (fraction: number) => {
    const lines = search.state?.lines ?? total;
    const near = await matchesFrom({ at: Math.floor(fraction * lines) }, 1);
    if (!near) return;
    await goToMatch(near.matches.length ? near.first : near.kept - 1, near);
  };
  const searchStatus = search.error
    ? ''
    : !query || !search.state
      ? ''
      : search.state.error
        ? `The search stopped: ${search.state.error}`
        : `${found === 0 && search.state.done ? 'No line matches' : `${found.toLocaleString()} matching line${found === 1 ? '' : 's'}`}${current ? ` (at ${(current.index + 1).toLocaleString()})` : ''}${
            search.state.done ? '' : ` (searching ${search.state.size ? Math.floor((search.state.scanned / search.state.size) * 100) : 0}%)`
          }${search.state.kept < found ? `; the first ${search.state.kept.toLocaleString()} are listed` : ''}`;

  return (
    <div className="log-viewer" aria-label={`Log viewer: ${name}`} role="region" onKeyDown={onKeyDown}>
      <form
        className="log-tools log-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (!draft) return setQuery(null);
          if (!query || query.pattern !== draft || query.ignoreCase !== ignoreCase) {
            setCurrent(null);
            setQuery({ pattern: draft, ignoreCase });
          } else void step(true);
        }}
      >
        <input
          type="search"
          value={draft}
          placeholder="Search (regular expression)"
          aria-label="Search the log"
          maxLength={1000}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && e.shiftKey) {
              e.preventDefault();
              void step(false);
            } else if (e.key === 'Escape' && draft) {
              e.preventDefault();
              setDraft('');
              setQuery(null);
              setCurrent(null);
            }
          }}
        />
        <label>
          <input type="checkbox" checked={ignoreCase} onChange={(e) => setIgnoreCase(e.target.checked)} /> Ignore case
        </label>
        <button type="submit">Search</button>
        <button type="button" disabled={found === 0} onClick={() => void step(false)} title="Previous match (Shift+F3)">
          Previous
        </button>
        <button type="button" disabled={found === 0} onClick={() => void step(true)} title="Next match (F3)">
          Next
        </button>
        <span className="note" role="status" aria-label="Search status">
          {searchStatus}
        </span>
      </form>
      {search.error && (
        <p className="error" role="alert">
          {search.error}
        </p>
      )}
      <div className="log-tools">
        <span className="note" role="status" aria-label="Lines">
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
      <div className="log-body">
      <div ref={scroller} className={`log-lines${wrap ? ' wrap' : ''}`} tabIndex={0} aria-label={`The lines of ${name}`}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const line = lineAt(item.index);
            const level = line === undefined ? null : lineLevel(line);
            const matched = inView.has(item.index);
            return (
              <div
                key={item.key}
                ref={virtualizer.measureElement}
                data-index={item.index}
                className={`log-line${level ? ` level-${level}` : ''}${line === undefined ? ' loading' : ''}${matched ? ' matched' : ''}${current?.line === item.index ? ' current' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
              >
                <span className="line-number">{item.index + 1}</span>
                <span className="line-text">{line === undefined ? '' : matched ? <Marked text={line} regex={regex} /> : line}</span>
              </div>
            );
          })}
        </div>
      </div>
      {query && search.state && <SearchOverview overview={search.state.overview} onPick={(fraction) => void pickInOverview(fraction)} />}
      </div>
      {query && search.state && search.state.count > 0 && (
        <SearchResults
          total={Math.min(search.state.count, search.state.kept)}
          done={search.state.done}
          read={readResults}
          current={current?.index ?? null}
          regex={regex}
          onPick={go}
        />
      )}
    </div>
  );
}
