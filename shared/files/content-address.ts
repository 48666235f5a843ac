// How a content-addressed folder lays out its files — the desktop's (electron/core/files/file-store.ts)
// and the server's (server/files/server-files.ts) alike: each file under its SHA-256, in a
// sub-folder named by the hash's first two digits (`sha256/ab/abcdef…`), so that no folder holds
// too many names and a folder of files means the same on both sides.

/** A SHA-256 as files are named by it: 64 lower-case hexadecimal digits. */
export const SHA256 = /^[0-9a-f]{64}$/;

/** The folder, inside a content-addressed root, that holds the files. */
export const STORED_FOLDER = 'sha256';

/** Where the file `sha256` is inside a content-addressed root, as the segments to join to it. */
export function storedSegments(sha256: string): [folder: string, shard: string, name: string] {
  return [STORED_FOLDER, sha256.slice(0, 2), sha256];
}
