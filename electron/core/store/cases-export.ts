// The store's cases as one casedesk.cases/1 file, in pieces: what `casedesk export` writes and the
// `cases:export` download streams, so neither holds 100,000 cases as one string.
import type { CaseRecord } from '../../../shared/cases/case-format';
import type { CaseStore } from './case-store';
import { refusedCases } from './refused-cases';

/** Cases per piece of text. */
const PER_PIECE = 250;

/** The records to export: every case, or (`refused`) the copies kept of the cases the server refused to create. */
export function exportedRecords(store: CaseStore, options: { refused?: boolean } = {}): Iterable<CaseRecord> {
  if (options.refused) return refusedCases(store).map((c) => c.record);
  return (function* () {
    for (const stored of store.allCases()) yield stored.record;
  })();
}

/** The file's text, a few hundred cases a piece; `count` is told how many cases there were once done. */
export function* exportText(records: Iterable<CaseRecord>, count?: (n: number) => void): Generator<string> {
  let piece = '{"format":"casedesk.cases/1","cases":[';
  let n = 0;
  for (const record of records) {
    piece += `${n++ ? ',' : ''}\n${JSON.stringify(record)}`;
    if (n % PER_PIECE === 0) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}${n ? '\n' : ''}]}\n`;
  count?.(n);
}
