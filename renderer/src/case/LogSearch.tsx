// The log viewer's search: the pattern runs in the core's search thread (attachment:search) and
// its matching lines stream in — counted as they come, drawn on an overview strip beside the
// lines (where in the file they are; a click goes to the nearest), and listed below the file,
// virtualised, a click going to the line. Next and previous go from the line in view.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CasedeskApi, ChannelOutput } from '../../../shared/ipc/contract';
import { pollUntilDone } from '../ui/poll';

type SearchAnswer = ChannelOutput<'attachment:search'>;
export interface SearchQuery {
  pattern: string;
  ignoreCase: boolean;
}
export interface Match {
  line: number;
  text: string | null;
}

const PAGE = 200;
const ROW_HEIGHT = 18;

/** The search's progress, asked for until it is done; its answers by index or by line. */
export function useLogSearch(api: CasedeskApi, caseId: string, sha256: string, query: SearchQuery | null) {
  const [state, setState] = useState<SearchAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setState(null);
    setError(null);
    if (!query) return;
    return pollUntilDone(
      () => api['attachment:search']({ caseId, sha256, ...query, count: 0 }),
      setState,
      (err) => setError(err.message),
    );
  }, [api, caseId, sha256, query]);

  /**
   * `count` matches from the `from`-th, or from the first at or after line `at` (null when there
   * is no search, or it failed: the progress above says why).
   */
  const window = useCallback(
    (where: { from?: number; at?: number }, count: number): Promise<SearchAnswer | null> =>
      query ? api['attachment:search']({ caseId, sha256, ...query, ...where, count }).catch(() => null) : Promise.resolve(null),
    [api, caseId, sha256, query],
  );
  return { state, error, window };
}

/** The parts of `text` the pattern matches, marked (a line too long to go over is left as it is). */
export function highlighted(text: string, regex: RegExp | null): (string | { mark: string })[] {
  if (!regex || text.length > 4000) return [text];
  const parts: (string | { mark: string })[] = [];
  let at = 0;
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match; match = regex.exec(text)) {
    if (match[0].length === 0) {
      regex.lastIndex++;
      continue;
    }
    if (match.index > at) parts.push(text.slice(at, match.index));
    parts.push({ mark: match[0] });
    at = match.index + match[0].length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

/** The pattern as the page marks it in the lines in view (the core has checked it already). */
export function markingPattern(query: SearchQuery | null): RegExp | null {
  if (!query) return null;
  try {
    return new RegExp(query.pattern, query.ignoreCase ? 'gi' : 'g');
  } catch {
    return null;
  }
}

/** Where the matches lie in the file, top to bottom; a click asks for the match nearest there. */
export function SearchOverview({ overview, onPick }: { overview: number[]; onPick: (fraction: number) => void }) {
  const most = Math.max(1, ...overview);
  return (
    <div
      className="log-overview"
      role="button"
      tabIndex={-1}
      aria-label="Where the matches are in the file (click to go there)"
      onClick={(e) => {
        const box = e.currentTarget.getBoundingClientRect();
        onPick(Math.min(1, Math.max(0, (e.clientY - box.top) / box.height)));
      }}
    >
      {overview.map((count, cell) =>
        count ? <span key={cell} className="log-overview-mark" style={{ top: `${(cell / overview.length) * 100}%`, opacity: 0.35 + (0.65 * count) / most }} /> : null,
      )}
    </div>
  );
}

/** The matching lines, virtualised, read a page at a time; a click goes to the line. */
export function SearchResults({
  total,
  done,
  read,
  current,
  regex,
  onPick,
}: {
  total: number;
  done: boolean;
  read: (from: number, count: number) => Promise<SearchAnswer | null>;
  current: number | null;
  regex: RegExp | null;
  onPick: (index: number, line: number) => void;
}) {
  const [pages, setPages] = useState<Map<number, Match[]>>(new Map());
  const asked = useRef(new Set<number>());
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    setPages(new Map());
    asked.current.clear();
  }, [read]);
  useEffect(() => {
    if (total === 0) return;
    for (let page = Math.floor(first / PAGE); page <= Math.floor(last / PAGE); page++) {
      const have = pages.get(page);
      const complete = have && have.every((m) => m.text !== null) && (have.length === PAGE || (done && page * PAGE + have.length >= total));
      if (complete || asked.current.has(page)) continue;
      asked.current.add(page);
      void read(page * PAGE, PAGE).then((answer) => {
        asked.current.delete(page);
        if (answer) setPages((known) => new Map(known).set(page, answer.matches));
      });
    }
  }, [read, first, last, total, done, pages]);
  useEffect(() => {
    if (current !== null) virtualizer.scrollToIndex(current, { align: 'auto' });
  }, [current, virtualizer]);

  return (
    <div ref={scroller} className="log-results" tabIndex={0} aria-label="Matching lines">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const match = pages.get(Math.floor(item.index / PAGE))?.[item.index % PAGE];
          return (
            <div
              key={item.key}
              data-index={item.index}
              className={`log-line log-result${item.index === current ? ' current' : ''}${match ? '' : ' loading'}`}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              onClick={() => match && onPick(item.index, match.line)}
            >
              <span className="line-number">{match ? match.line + 1 : ''}</span>
              <span className="line-text">{match?.text == null ? '' : <Marked text={match.text} regex={regex} />}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}

export function Marked({ text, regex }: { text: string; regex: RegExp | null }) {
  return (
    <>
      {highlighted(text, regex).map((part, i) => (typeof part === 'string' ? part : <mark key={i}>{part.mark}</mark>))}
    </>
  );
}
