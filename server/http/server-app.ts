// The central server's HTTP face (Fastify): the sync endpoints, the live channel, health, and the
// customers' online intake form at / (server/intake/). Every endpoint but /api/health and the
// public form is authenticated by a bearer token and authorised by role. Bodies are validated with
// the shared protocol's zod schemas; failures answer `{ error }` with a status a client can act on
// (400 bad request, 401 no or unknown token, 403 role, 413 too large).
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PULL_PAGE_LIMIT, pushRequestSchema, SYNC_PROTOCOL, type PushResponse } from '../../shared/sync/protocol';
import { bearerToken, EVERY_STAFF_ROLE } from '../auth/authorise';
import type { Role } from '../store/schema';
import { isTransient, type ServerStore, type ServerUser } from '../store/server-store';
import { registerIntake } from '../intake/intake-routes';
import type { LiveChannel } from './live-channel';
import type { Pager } from '../intake/open-online-case';
import { HttpError, parseBody } from './http-error';
import { registerFileRoutes } from '../files/file-routes';
import type { ServerFiles } from '../files/server-files';

declare module 'fastify' {
  interface FastifyRequest {
    user: ServerUser | null;
  }
}

export interface ServerAppOptions {
  store: ServerStore;
  live: LiveChannel;
  /** Pages a Severity-1 case opened online (server/alerts/page-escalator.ts). */
  pager: Pager;
  log?: (line: string) => void;
  /**
   * The proxies in front of the server (addresses or CIDR ranges, comma-separated) whose
   * X-Forwarded-For it believes, so the form's rate limit counts customers, not the proxy.
   */
  trustProxy?: string;
  /** The address customers open, when a proxy rewrites Host (the form's Origin check). */
  publicUrl?: string;
  /** The case files' bytes (server/files/). */
  files: ServerFiles;
}

const pullQuery = z.strictObject({
  since: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(PULL_PAGE_LIMIT).default(PULL_PAGE_LIMIT),
});

export async function buildServerApp(options: ServerAppOptions): Promise<FastifyInstance> {
  const { store, live } = options;
  const app = Fastify({ bodyLimit: 32 * 1024 * 1024, logger: false, trustProxy: options.trustProxy ?? false });
  app.decorateRequest('user', null);

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _request, reply) => {
    if (isTransient(err)) {
      options.log?.(`database busy or away: ${err.message}`);
      void reply.code(503).header('retry-after', '5').send({ error: `the server's database is busy or away (${err.message}); the change is kept on your desktop for the next try` });
      return;
    }
    const status = err instanceof HttpError ? err.statusCode : err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) options.log?.(`server error: ${err.stack ?? err.message}`);
    const message = err instanceof HttpError ? err.message : status === 413 ? 'the request is too large' : status === 500 ? 'the server failed; the change is kept on your desktop for the next try' : err.message;
    // A piece of a file sent from past what the server holds: how much it holds, to resume there.
    const holds = (err as { holds?: number }).holds;
    void reply.code(status).send({ error: message, ...(holds === undefined ? {} : { holds }) });
  });

  /**
   * Authenticate the request and check its role; sets request.user. Runs on request, before the
   * body is read: a caller without a token is refused before the server parses anything it sent.
   */
  const allow =
    (roles: readonly Role[]) =>
    async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      const token = bearerToken(request.headers.authorization);
      const user = token ? await store.userByToken(token) : null;
      if (!user) {
        await reply.code(401).header('www-authenticate', 'Bearer').send({ error: token ? 'the token is not known to this server' : 'a token is required (Authorization: Bearer …)' });
        return reply;
      }
      if (!roles.includes(user.role)) {
        await reply.code(403).send({ error: `the ${user.role} role may not do this` });
        return reply;
      }
      request.user = user;
    };

  await registerIntake(app, { store, live, pager: options.pager, files: options.files, log: options.log, publicUrl: options.publicUrl });

  registerFileRoutes(app, { files: options.files, store, staff: allow(EVERY_STAFF_ROLE) });

  app.get('/api/health', async () => ({ ok: true, protocol: SYNC_PROTOCOL }));

  app.get('/api/me', { onRequest: allow(EVERY_STAFF_ROLE) }, async (request) => ({
    name: request.user!.name,
    role: request.user!.role,
    version: await store.head(),
    serverId: await store.serverId(),
  }));

  app.post('/api/sync/push', { onRequest: allow(EVERY_STAFF_ROLE) }, async (request): Promise<PushResponse> => {
    const body = parseBody(pushRequestSchema, request.body, 'push');
    const deskCode = body.deskCode ? await store.registerDesk(request.user!, body.clientId, body.deskCode) : undefined;
    const results = await store.push(request.user!, body.clientId, body.items);
    const version = await store.head();
    if (results.length > 0) live.changed(version);
    return { results, version, ...(deskCode ? { deskCode } : {}) };
  });

  app.get('/api/sync/pull', { onRequest: allow(EVERY_STAFF_ROLE) }, async (request) => {
    const query = parseBody(pullQuery, request.query, 'pull');
    const head = await store.head();
    if (query.since > head) {
      throw new HttpError(409, `this desktop has seen changes up to version ${query.since} but this server has only ${head}: the server's database was restored from an older copy`);
    }
    return store.pull(query.since, query.limit);
  });

  app.get('/api/live', { onRequest: allow(EVERY_STAFF_ROLE) }, (request, reply) => {
    const token = bearerToken(request.headers.authorization)!;
    live.attach(request.user!, request.raw, reply.raw, async () => (await store.userByToken(token))?.id === request.user!.id);
    reply.hijack();
  });

  return app;
}
