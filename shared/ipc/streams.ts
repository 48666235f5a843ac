// The contract's byte streams, beside its JSON calls (contract.ts): files going to the core
// (uploads) and coming from it (downloads), a chunk at a time, outside the calls' 1 MiB limit and
// never held whole in a message. Each stream is named here once, with its input (validated by the
// core like a call's) and, for an upload, its size limit and its answer. Hosts carry them their
// own way: the core's thread by messages with flow control, the browser host over HTTP, the
// desktop app by its `casedesk-stream:` protocol.
import { z } from 'zod';
import { sha256 } from '../cases/case-mutations';
import { ORIGINAL_NAME_MAX } from '../files/file-names';

/** The size of the chunks a download is cut into. */
export const STREAM_CHUNK_BYTES = 256 * 1024;

interface DownloadSpec {
  direction: 'download';
  input: z.ZodType;
  contentType: string;
  /** The name a saved download gets. */
  fileName: string;
}

interface UploadSpec {
  direction: 'upload';
  input: z.ZodType;
  /** The most bytes the upload may carry: past it, it is refused and nothing is kept. */
  maxBytes: number;
  output: z.ZodType;
}

export const streams = {
  /** Every case, as one casedesk.cases/1 file (`refused`: the cases the server refused to create). */
  'cases:export': {
    direction: 'download',
    input: z.strictObject({ refused: z.boolean().optional() }),
    contentType: 'application/json',
    fileName: 'casedesk-cases.json',
  },
  /** A casedesk.cases/1 file to import, under the policy in force: all of it, or nothing. */
  'cases:import': {
    direction: 'upload',
    input: z.strictObject({ fileName: z.string().trim().min(1).max(255) }),
    maxBytes: 512 * 1024 * 1024,
    output: z.object({ imported: z.number(), policyId: z.string(), policyVersion: z.number() }),
  },
  /** A file attached to a case: stored by content, recorded as `attachFile` (the same content on the case already: not again). */
  'case:attach': {
    direction: 'upload',
    // `author`: the engineer the page knows ("I am"); a desktop signed in to a server attaches as its user.
    input: z.strictObject({ caseId: z.string().trim().min(1).max(200), name: z.string().min(1).max(ORIGINAL_NAME_MAX), author: z.string().trim().min(1).max(200), note: z.string().max(2000).optional() }),
    maxBytes: 4 * 1024 * 1024 * 1024,
    output: z.object({ sha256: z.string(), size: z.number(), name: z.string(), type: z.string(), already: z.boolean() }),
  },
  /** The bytes of a file the case holds (only through a case that holds it); always served as bytes, never as a page. */
  'attachment:read': {
    direction: 'download',
    input: z.strictObject({ caseId: z.string().trim().min(1).max(200), sha256 }),
    contentType: 'application/octet-stream',
    fileName: 'attachment',
  },
} as const satisfies Record<string, DownloadSpec | UploadSpec>;

export type StreamName = keyof typeof streams;
export type DownloadName = { [N in StreamName]: (typeof streams)[N] extends { direction: 'download' } ? N : never }[StreamName];
export type UploadName = { [N in StreamName]: (typeof streams)[N] extends { direction: 'upload' } ? N : never }[StreamName];
export type StreamInput<N extends StreamName> = z.output<(typeof streams)[N]['input']>;
export type UploadOutput<N extends UploadName> = z.output<(typeof streams)[N]['output']>;

export const STREAM_NAMES = Object.keys(streams) as StreamName[];

export function isStream(name: string): name is StreamName {
  return Object.hasOwn(streams, name);
}

/** A stream refused before or while it flows: `request` (the caller's mistake, told as it is) or `internal`. */
export class StreamRefused extends Error {
  constructor(
    message: string,
    readonly kind: 'request' | 'internal',
  ) {
    super(message);
    this.name = 'StreamRefused';
  }
}

/** The size limit as a person reads it: "512 MiB". */
export function describeBytes(bytes: number): string {
  return bytes >= 1 << 30 ? `${bytes / (1 << 30)} GiB` : bytes >= 1 << 20 ? `${Math.round(bytes / (1 << 20))} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
