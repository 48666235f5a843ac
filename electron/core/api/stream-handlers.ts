// The core's side of the contract's byte streams (shared/ipc/streams.ts): a download is an async
// sequence of chunks the host pulls one at a time, an upload a sequence the host pushes; both are
// validated like a call, and an upload past its limit is refused with nothing kept.
import { mkdtempSync, rmSync, writeSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeIssue } from '../../../shared/validation/format-issues';
import { describeBytes, isStream, STREAM_CHUNK_BYTES, StreamRefused, streams, type DownloadName, type StreamInput, type UploadName, type UploadOutput } from '../../../shared/ipc/streams';
import { checkSeverities, readCasesFile } from '../cases-file';
import { exportedRecords, exportText } from '../store/cases-export';
import type { CaseStore } from '../store/case-store';
import { StoreError } from '../store/database';
import { Readable } from 'node:stream';
import { fileRefusal } from './file-access';
import { recordAttachments } from '../files/attach-files';
import { FileTooLarge, type FileStore } from '../files/file-store';
import { mediaTypeOf } from '../../../shared/files/media-type';
import { MutationError } from '../store/apply-mutation';
import { fileHeld } from '../store/file-references';
import { signedInAs } from '../sync/sync-client';

type Downloads = { [N in DownloadName]: (input: StreamInput<N>) => Iterable<Uint8Array> | AsyncIterable<Uint8Array> };
type Uploads = { [N in UploadName]: (input: StreamInput<N>, body: AsyncIterable<Uint8Array>) => Promise<UploadOutput<N>> };

/** Text pieces as chunks of about STREAM_CHUNK_BYTES. */
function* chunked(pieces: Iterable<string>): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  let pending: Uint8Array[] = [];
  let size = 0;
  for (const piece of pieces) {
    const bytes = encoder.encode(piece);
    pending.push(bytes);
    size += bytes.length;
    if (size >= STREAM_CHUNK_BYTES) {
      yield Buffer.concat(pending);
      pending = [];
      size = 0;
    }
  }
  if (size > 0) yield Buffer.concat(pending);
}

/** Write an upload to a private temporary file, refusing it past `maxBytes`; the file's path (the caller removes its folder). */
async function spool(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<{ path: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'casedesk-upload-'));
  const path = join(dir, 'upload');
  const fd = openSync(path, 'wx', 0o600);
  let size = 0;
  try {
    for await (const chunk of body) {
      size += chunk.length;
      if (size > maxBytes) throw new StreamRefused(`the file is larger than ${describeBytes(maxBytes)}: nothing was imported`, 'request');
      writeSync(fd, chunk);
    }
  } catch (err) {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  closeSync(fd);
  return { path, dir };
}

/** A stream's input checked against its declaration; StreamRefused for an unknown name or a bad input. */
function validated(name: string, direction: 'download' | 'upload', input: unknown): unknown {
  if (!isStream(name) || streams[name].direction !== direction) throw new StreamRefused(`unknown ${direction} "${name}"`, 'request');
  const parsed = streams[name].input.safeParse(input ?? {});
  if (!parsed.success) throw new StreamRefused(`${name}: ${parsed.error.issues.map((i) => describeIssue(i)).join('; ')}`, 'request');
  return parsed.data;
}

export class StreamHandlers {
  private readonly downloads: Downloads;
  private readonly uploads: Uploads;

  /**
   * `maxBytes`: a lower limit for an upload than its declaration's (tests); `addingRefusal`: why
   * no file may be added now (the files are being moved), or null.
   */
  constructor(store: CaseStore, files: FileStore, options: { maxBytes?: Partial<Record<UploadName, number>>; addingRefusal?: () => string | null } = {}) {
    const limit = (name: UploadName) => Math.min(streams[name].maxBytes, options.maxBytes?.[name] ?? Number.POSITIVE_INFINITY);
    this.downloads = {
      'cases:export': ({ refused }) => chunked(exportText(exportedRecords(store, { refused }))),
      'attachment:read': ({ caseId, sha256 }) => {
        const refusal = fileRefusal(store, files, caseId, sha256);
        if (refusal) throw new StreamRefused(refusal, 'request');
        return files.read(sha256);
      },
    };
    this.uploads = {
      'case:attach': async ({ caseId, name, author, note }, body) => {
        const stored = store.findCase(caseId);
        if (!stored) throw new StreamRefused(`no case "${caseId}": nothing was attached`, 'request');
        const refusal = options.addingRefusal?.();
        if (refusal) throw new StreamRefused(`${name}: ${refusal}`, 'request');
        let file;
        try {
          file = await files.add(Readable.from(body), { maxBytes: limit('case:attach') });
        } catch (err) {
          if (err instanceof FileTooLarge) throw new StreamRefused(`${name} is larger than ${describeBytes(limit('case:attach'))}: nothing was attached`, 'request');
          throw err;
        }
        try {
          const type = await mediaTypeOf(file.head);
          const [line] = recordAttachments(store, stored.record.id, [{ file, name, type }], { author: signedInAs(store) ?? author, ...(note !== undefined ? { note } : {}) });
          return { sha256: line!.sha256, size: line!.size, name: line!.name, type: line!.type, already: line!.already === true };
        } catch (err) {
          if (file.created && !fileHeld(store, file.sha256)) files.remove(file.sha256);
          if (err instanceof MutationError) throw new StreamRefused(err.message, 'request');
          throw err;
        }
      },
      'cases:import': async ({ fileName }, body) => {
        const { path, dir } = await spool(body, limit('cases:import'));
        try {
          const policy = store.currentPolicy;
          let parsed;
          try {
            parsed = readCasesFile(path, { forImport: true });
            checkSeverities(parsed.file, policy, fileName);
          } catch (err) {
            // The file's problems name the temporary copy; the person knows the file by its own name.
            throw new StreamRefused((err as Error).message.split(path).join(fileName), 'request');
          }
          try {
            const { imported } = store.importCases(parsed, policy);
            return { imported, policyId: policy.id, policyVersion: policy.version };
          } catch (err) {
            if (err instanceof StoreError) throw new StreamRefused(err.message, 'request');
            throw err;
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  }

  /** The chunks of a download; throws StreamRefused (a bad name or input) before the first. */
  async *download(name: string, input: unknown): AsyncGenerator<Uint8Array> {
    const data = validated(name, 'download', input);
    yield* this.downloads[name as DownloadName](data as never);
  }

  /** Take an upload whole and answer what it did; throws StreamRefused when it is refused (nothing kept). */
  async upload(name: string, input: unknown, body: AsyncIterable<Uint8Array>): Promise<unknown> {
    const data = validated(name, 'upload', input);
    return this.uploads[name as UploadName](data as never, body);
  }
}
