// The content-addressed file store on a real disk: streamed in, fsynced and renamed into place,
// stored once per content, nothing partial left behind by a failure.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FileStore, FileTooLarge } from '../../../../electron/core/files/file-store';
import { mediaTypeOf } from '../../../../shared/files/media-type';
import { onePixelPng } from '../../../support/sample-files';

const folder = () => mkdtempSync(join(tmpdir(), 'casedesk-files-'));
const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

describe('the file store', () => {
  it('stores a file under its SHA-256, once however often it is added', async () => {
    const dir = folder();
    const source = join(dir, 'mail.log');
    const content = Buffer.alloc(3 << 20, 'x'); // bigger than one read
    writeFileSync(source, content);
    const files = new FileStore(join(dir, 'cases.db.files'));
    const progress: number[] = [];
    const first = await files.add(source, { onProgress: (b) => progress.push(b) });
    expect(first).toMatchObject({ sha256: sha(content), size: content.length, created: true });
    expect(first.head.length).toBe(4100);
    expect(progress.at(-1)).toBe(content.length);
    expect(readFileSync(files.pathOf(first.sha256)).equals(content)).toBe(true);
    const again = await files.add(Readable.from([content.subarray(0, 10), content.subarray(10)]));
    expect(again).toMatchObject({ sha256: first.sha256, created: false });
    expect([...files.hashes()]).toEqual([first.sha256]);
    expect(readdirSync(join(files.root, 'tmp'))).toEqual([]);
  });

  it('leaves nothing under a hash when the copy fails, is cancelled or is too large', async () => {
    const files = new FileStore(join(folder(), 'files'));
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1 << 20, 'a'));
        this.destroy(new Error('disk gone'));
      },
    });
    await expect(files.add(failing)).rejects.toThrow('disk gone');
    const abort = new AbortController();
    abort.abort();
    await expect(files.add(Readable.from([Buffer.from('hello')]), { signal: abort.signal })).rejects.toThrow(/abort/i);
    await expect(files.add(Readable.from([Buffer.alloc(2048)]), { maxBytes: 1024 })).rejects.toThrow(FileTooLarge);
    expect([...files.hashes()]).toEqual([]);
    expect(readdirSync(join(files.root, 'tmp'))).toEqual([]);
  });

  it('removes what an interrupted import left at the next start, not what another process is writing', () => {
    const files = new FileStore(join(folder(), 'files'));
    expect(files.removeLeftovers()).toBe(0);
    // As a crash leaves it: a temporary file half written by a process that is gone.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const tmp = join(files.root, 'tmp');
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, `${gone}.0b9d.part`), 'half');
    writeFileSync(join(tmp, 'unnamed.part'), 'half');
    // …and one a running process (the parent of this test, say) is still writing.
    writeFileSync(join(tmp, `${process.ppid}.77aa.part`), 'in progress');
    expect(files.removeLeftovers()).toBe(2);
    expect(readdirSync(tmp)).toEqual([`${process.ppid}.77aa.part`]);
  });
});

describe('a file type, from the content', () => {
  const png = onePixelPng;
  it('knows pictures by their signature, whatever the name says', async () => {
    expect(await mediaTypeOf(png)).toBe('image/png');
    expect(await mediaTypeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0]))).toBe('image/jpeg');
    expect(await mediaTypeOf(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]))).toBe('application/gzip');
  });

  it('tells text from binary, and markup a browser would run from plain text', async () => {
    expect(await mediaTypeOf(Buffer.from('2010-11-29 09:00 ERROR smtp: connection refused\n'))).toBe('text/plain');
    expect(await mediaTypeOf(Buffer.from('Grüße ✓\n'.repeat(10)).subarray(0, 31))).toBe('text/plain'); // cut inside a character
    expect(await mediaTypeOf(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBe('image/svg+xml');
    expect(await mediaTypeOf(Buffer.from('<!DOCTYPE html><html><script>alert(1)</script>'))).toBe('text/html');
    expect(await mediaTypeOf(Buffer.from([0, 1, 2, 3, 250, 251]))).toBe('application/octet-stream');
    expect(await mediaTypeOf(Buffer.alloc(0))).toBe('text/plain');
  });
});
