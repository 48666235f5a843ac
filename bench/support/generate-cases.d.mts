// Types of the case generator, for the tests that use it.
export interface GenerateOptions {
  /** Settle some of the policy's troubleshooting steps in each case. */
  checklist?: boolean;
  /** First reports within [from, to] (epoch ms) instead of 2009 to mid-2011. */
  loggedBetween?: [number, number];
}
export function generateCases(count: number, seed?: number, options?: GenerateOptions): { format: 'casedesk.cases/1'; cases: Record<string, unknown>[] };
export function writeCases(path: string, count: number, seed?: number, options?: GenerateOptions): number;
export function seededRandom(seed: number): () => number;
