// Types of the case generator, for the tests that use it.
export function generateCases(count: number, seed?: number): { format: 'casedesk.cases/1'; cases: Record<string, unknown>[] };
export function writeCases(path: string, count: number, seed?: number): number;
export function seededRandom(seed: number): () => number;
