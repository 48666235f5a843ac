// The file endpoints of the central server, for signed-in staff only: which of these files the
// server lacks (and how much of each it already holds), a piece of a file sent from a byte offset,
// and a file read back — only through a case that holds it, from a byte offset for a download
// that resumes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { attachmentsOf } from '../../shared/cases/case-attachments';
import type { ServerStore } from '../store/server-store';
import { FileRefused, SHA256_PATTERN, type ServerFiles } from './server-files';
import { HttpError, parseBody } from '../http/http-error';

/** The most hashes one question names. */
export const HOLDING_LIMIT = 1000;

const holdingRequest = z.strictObject({ hashes: z.array(z.string().regex(SHA256_PATTERN, 'a SHA-256 (64 hexadecimal digits)')).max(HOLDING_LIMIT) });
const pieceQuery = z.strictObject({ offset: z.coerce.number().int().nonnegative(), size: z.coerce.number().int().nonnegative() });
const sha256Param = z.strictObject({ sha256: z.string().regex(SHA256_PATTERN, 'a SHA-256 (64 hexadecimal digits)') });
const caseFileParams = sha256Param.extend({ caseId: z.string().min(1).max(200) });

type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export function registerFileRoutes(app: FastifyInstance, options: { files: ServerFiles; store: ServerStore; staff: Guard }): void {
  const { files, store, staff } = options;
  // A piece of a file is taken as it streams in, not buffered whole.
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

  const refused = (err: unknown): never => {
    if (err instanceof FileRefused) throw Object.assign(new HttpError(err.status, err.message), err.holds === undefined ? {} : { holds: err.holds });
    throw err;
  };

  app.post('/api/files/holding', { onRequest: staff }, async (request) => {
    const { hashes } = parseBody(holdingRequest, request.body, 'files');
    return { files: hashes.map((sha256) => files.holding(sha256)), maxBytes: files.maxBytes };
  });

  app.put('/api/files/:sha256', { onRequest: staff }, async (request) => {
    const { sha256 } = parseBody(sha256Param, request.params, 'file');
    const { offset, size } = parseBody(pieceQuery, request.query, 'file');
    if (request.headers['content-type'] !== 'application/octet-stream') throw new HttpError(415, 'send the bytes as application/octet-stream');
    try {
      return await files.receive(sha256, offset, size, request.body as AsyncIterable<Buffer>);
    } catch (err) {
      return refused(err);
    }
  });

  app.get('/api/cases/:caseId/files/:sha256', { onRequest: staff }, async (request, reply) => {
    const { caseId, sha256 } = parseBody(caseFileParams, request.params, 'file');
    const snapshot = (await store.snapshots(store.db, [caseId]))[0];
    if (!snapshot) throw new HttpError(404, `no case ${caseId} on this server`);
    if (!attachmentsOf(snapshot.record).some((file) => file.sha256 === sha256)) throw new HttpError(404, `case ${snapshot.number} has no file ${sha256.slice(0, 12)}…`);
    const size = files.sizeOf(sha256);
    if (size === null) throw new HttpError(404, `the file ${sha256.slice(0, 12)}… of case ${snapshot.number} has not reached the server yet (the desktop that attached it sends it when it syncs)`);
    const range = /^bytes=(\d+)-$/.exec(String(request.headers.range ?? ''));
    const start = range ? Number(range[1]) : 0;
    if (start > size) throw new HttpError(416, `the file has ${size} bytes`);
    void reply
      .code(range ? 206 : 200)
      .header('content-type', 'application/octet-stream')
      .header('x-content-type-options', 'nosniff');
    if (range) void reply.header('content-range', `bytes ${start}-${size - 1}/${size}`);
    return reply.send(files.read(sha256, start));
  });
}
