// The attachment commands: `casedesk attach CASE FILE...`, `casedesk attachments CASE`,
// `casedesk attachment export SHA256 --out FILE`. Files live beside the database (`DB.files/`)
// unless --files names another folder.
import { userInfo } from 'node:os';
import { AttachError, attachFiles, detachFile, exportFile, listAttachments } from '../../core/files/attach-files';
import { defaultFilesFolder, FileStore } from '../../core/files/file-store';
import { MutationError } from '../../core/store/apply-mutation';
import { signedInAs } from '../../core/sync/sync-client';
import { displayName } from '../../../shared/files/file-names';
import { printable } from '../../../shared/validation/control-characters';
import { CliError, type CliIo } from '../cli-io';
import { dbPath, openStore, withStore } from '../store-access';

interface FilesOption {
  db?: string;
  files?: string;
}

function fileStoreFor(options: FilesOption): FileStore {
  return new FileStore(options.files ?? defaultFilesFolder(dbPath(options.db)));
}

/** The person a change from the command line is made by: the server user the database syncs as, else --as, else the login name. */
function authorOf(store: Parameters<typeof signedInAs>[0], given: string | undefined): string {
  return signedInAs(store) ?? given ?? userInfo().username;
}

async function asCliErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AttachError || err instanceof MutationError) throw new CliError(printable(err.message));
    if (err instanceof Error && 'code' in err && (err.code === 'ENOSPC' || err.code === 'EACCES' || err.code === 'EIO')) {
      throw new CliError(`could not store the file (${err.code}: ${err.message}); nothing was attached`);
    }
    throw err;
  }
}

export async function attachCommand(caseRef: string, paths: string[], options: FilesOption & { name?: string; note?: string; as?: string }, io: CliIo): Promise<void> {
  const files = fileStoreFor(options);
  const store = openStore(options.db, { now: io.now });
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
  const files = fileStoreFor(options);
  // The database must be there (a mistyped --db is said so, not "no such file").
  openStore(options.db, { readonly: true, now: io.now }).close();
  await asCliErrors(async () => {
    const { size } = await exportFile(files, sha256, options.out!);
    io.err(`wrote ${options.out} (${size.toLocaleString('en-US')} bytes)\n`);
  });
}

export async function attachmentRemoveCommand(caseRef: string, sha256: string, options: FilesOption & { reason?: string; as?: string }, io: CliIo): Promise<void> {
  const files = fileStoreFor(options);
  const store = openStore(options.db, { now: io.now });
  await withStore(store, () =>
    asCliErrors(async () => {
      const { released } = detachFile(store, files, caseRef, sha256, { author: authorOf(store, options.as), reason: options.reason });
      io.err(`removed ${sha256} from case ${printable(caseRef)}${released ? '; its bytes are gone (nothing else refers to them)' : '; its bytes are kept (another case, or a change not yet synced, refers to them)'}\n`);
    }),
  );
}
