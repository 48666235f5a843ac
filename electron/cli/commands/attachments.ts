// The attachment commands: `casedesk attach CASE FILE...`, `casedesk attachments CASE`,
// `casedesk attachment export SHA256 --out FILE`, `casedesk files move DIR`. Files live beside
// the database (`DB.files/`) unless it was moved (files-folder.ts) or --files names another folder.
import { AttachError, attachFiles, detachFile, exportFile, listAttachments } from '../../core/files/attach-files';
import { FileStore } from '../../core/files/file-store';
import { filesFolderOf, MoveError, moveFiles } from '../../core/files/files-folder';
import type { CaseStore } from '../../core/store/case-store';
import { MutationError } from '../../core/store/apply-mutation';
import { displayName } from '../../../shared/files/file-names';
import { printable } from '../../../shared/validation/control-characters';
import { CliError, type CliIo } from '../cli-io';
import { authorOf, openStore, withStore } from '../store-access';

interface FilesOption {
  db?: string;
  files?: string;
}

function fileStoreFor(store: CaseStore, options: FilesOption): FileStore {
  return new FileStore(filesFolderOf(store, options.files));
}

async function asCliErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AttachError || err instanceof MutationError || err instanceof MoveError) throw new CliError(printable(err.message));
    if (err instanceof Error && 'code' in err && (err.code === 'ENOSPC' || err.code === 'EACCES' || err.code === 'EIO')) {
      throw new CliError(`could not store the file (${err.code}: ${err.message}); nothing was attached`);
    }
    throw err;
  }
}

export async function attachCommand(caseRef: string, paths: string[], options: FilesOption & { name?: string; note?: string; as?: string }, io: CliIo): Promise<void> {
  const store = openStore(options.db, { now: io.now });
  const files = fileStoreFor(store, options);
  await withStore(store, () =>
    asCliErrors(async () => {
      files.removeLeftovers();
      const attached = await attachFiles(store, files, caseRef, paths, {
        author: authorOf(store, options.as),
        name: options.name,
        note: options.note,
        onProgress: (i, bytes) => bytes >= 64 << 20 && io.err(`storing ${paths[i]}: ${(bytes / (1 << 20)).toFixed(0)} MiB\n`),
      });
      for (const file of attached) {
        if (file.already) io.err(`case ${printable(caseRef)} already has this content, as "${displayName(file.name)}" (${file.sha256}): not attached again\n`);
        io.out(`${JSON.stringify({ sha256: file.sha256, size: file.size, name: file.name, type: file.type })}\n`);
      }
    }),
  );
}

export async function attachmentsCommand(caseRef: string, options: FilesOption, io: CliIo): Promise<void> {
  const store = openStore(options.db, { readonly: true, now: io.now });
  await withStore(store, () =>
    asCliErrors(async () => {
      const list = listAttachments(store, caseRef).map((a) => ({
        sha256: a.sha256,
        size: a.size,
        name: a.name,
        type: a.mediaType,
        ...(a.note !== undefined ? { note: a.note } : {}),
        addedBy: a.addedBy ?? null,
        addedAt: a.addedAt,
      }));
      io.out(`${JSON.stringify(list, null, 2)}\n`);
    }),
  );
}

export async function attachmentExportCommand(sha256: string, options: FilesOption & { out?: string }, io: CliIo): Promise<void> {
  if (!options.out) throw new CliError('--out FILE is required: where to write the file', 2);
  // The database must be there (a mistyped --db is said so, not "no such file").
  const store = openStore(options.db, { readonly: true, now: io.now });
  const files = fileStoreFor(store, options);
  store.close();
  await asCliErrors(async () => {
    const { size } = await exportFile(files, sha256, options.out!);
    io.err(`wrote ${options.out} (${size.toLocaleString('en-US')} bytes)\n`);
  });
}

export async function attachmentRemoveCommand(caseRef: string, sha256: string, options: FilesOption & { reason?: string; as?: string }, io: CliIo): Promise<void> {
  const store = openStore(options.db, { now: io.now });
  const files = fileStoreFor(store, options);
  await withStore(store, () =>
    asCliErrors(async () => {
      const { released } = detachFile(store, files, caseRef, sha256, { author: authorOf(store, options.as), reason: options.reason });
      io.err(`removed ${sha256} from case ${printable(caseRef)}${released ? '; its bytes are gone (nothing else refers to them)' : '; its bytes are kept (another case, or a change not yet synced, refers to them)'}\n`);
    }),
  );
}

/** `casedesk files move DIR`: the database's files copied to DIR, used from then on, the old copies removed. */
export async function filesMoveCommand(to: string, options: { db?: string }, io: CliIo): Promise<void> {
  const store = openStore(options.db, { now: io.now });
  await withStore(store, () =>
    asCliErrors(async () => {
      let told = 0;
      const moved = await moveFiles(store, new FileStore(filesFolderOf(store)), to, {
        onProgress: (bytes, total) => {
          if (bytes - told < 256 << 20 && bytes < total) return;
          told = bytes;
          io.err(`moving files: ${(bytes / (1 << 20)).toFixed(0)} of ${(total / (1 << 20)).toFixed(0)} MiB\n`);
        },
      });
      io.out(`${JSON.stringify(moved)}\n`);
    }),
  );
}
