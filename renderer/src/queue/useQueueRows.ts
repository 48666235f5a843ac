// The rows of the queue, fetched a page at a time as they scroll into view: the UI holds only
// what has been looked at, never the whole queue.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CasedeskApi, QueueQuery, QueueRow } from '../../../shared/ipc/contract';

export const PAGE = 100;

export interface QueueRows {
  total: number | null;
  /** Changes whenever loaded rows change: a dependency for what is derived from them. */
  version: number;
  rowAt(index: number): QueueRow | undefined;
  /** Make sure rows [start, end] are loaded. */
  want(start: number, end: number): void;
  /** Fetch again the pages of rows [start, end] and forget the others (after a change, or on a timer). */
  refresh(start: number, end: number): void;
  error: string | null;
}

export function useQueueRows(api: CasedeskApi, query: QueueQuery): QueueRows {
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const pages = useRef(new Map<number, QueueRow[]>());
  const inFlight = useRef(new Set<number>());
  const generation = useRef(0);
  const key = JSON.stringify(query);

  const load = useCallback(
    (page: number) => {
      if (inFlight.current.has(page)) return;
      inFlight.current.add(page);
      const mine = generation.current;
      api['queue:page']({ ...query, offset: page * PAGE, limit: PAGE })
        .then((result) => {
          if (mine !== generation.current) return; // the query changed meanwhile
          pages.current.set(page, result.rows);
          setTotal(result.total);
          setError(null);
          setVersion((v) => v + 1);
        })
        .catch((err: Error) => mine === generation.current && setError(err.message))
        .finally(() => inFlight.current.delete(page));
    },
    [api, key],
  );

  useEffect(() => {
    generation.current++;
    pages.current = new Map();
    inFlight.current = new Set();
    setTotal(null);
    load(0);
  }, [load]);

  const rowAt = useCallback((index: number) => pages.current.get(Math.floor(index / PAGE))?.[index % PAGE], []);
  const want = useCallback(
    (start: number, end: number) => {
      for (let p = Math.floor(Math.max(0, start) / PAGE); p <= Math.floor(Math.max(0, end) / PAGE); p++) {
        if (!pages.current.has(p)) load(p);
      }
    },
    [load],
  );
  const refresh = useCallback(
    (start: number, end: number) => {
      const from = Math.floor(Math.max(0, start) / PAGE);
      const to = Math.floor(Math.max(0, end) / PAGE);
      // Pages out of view are dropped, not re-fetched: they load again when scrolled back to.
      for (const page of [...pages.current.keys()]) if (page < from || page > to) pages.current.delete(page);
      for (let p = from; p <= to; p++) load(p);
    },
    [load],
  );
  // One object per change of what it holds, so effects and memos that use it do not run for nothing.
  return useMemo(() => ({ total, version, error, rowAt, want, refresh }), [total, version, error, rowAt, want, refresh]);
}
