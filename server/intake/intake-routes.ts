// The customer's online intake form at the server's root: GET / serves it, POST / opens the case
// at once (open-online-case.ts) and answers with its number and what happens next. Everything here
// lives in its own Fastify scope — form parsing, cookies, CSRF, the rate limit and an error handler
// that answers HTML — so the sync API beside it keeps its JSON-only parsing and its JSON errors.
import cookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import multipart, { type MultipartFile } from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import type { LiveChannel } from '../http/live-channel';
import type { ServerStore } from '../store/server-store';
import { checkForm, formValues, submissionId, type FormErrors, type FormValues } from './intake-form';
import { confirmationPage, formPage, problemPage } from './intake-page';
import { foreignOrigin, setSecurityHeaders } from './intake-security';
import { nextSteps } from './next-steps';
import { INTAKE_FILE_BYTES, INTAKE_FILES } from './intake-limits';
import { FileRefused, sizeWords, type ServerFiles, type TakenFile } from '../files/server-files';
import { mediaTypeOf } from '../../shared/files/media-type';
import { ORIGINAL_NAME_MAX } from '../../shared/files/file-names';
import { isControl } from '../../shared/validation/control-characters';

import { openOnlineCase, type Pager } from './open-online-case';

declare module 'fastify' {
  interface FastifyRequest {
    /** The files sent with the form, taken but not kept yet. */
    intakeFiles?: { file: TakenFile; name: string; mediaType: string }[];
  }
}

/** A customer's file name as the case keeps it: its last path part, without control characters, not too long (shown escaped, written to disk neutralised). */
function intakeFileName(given: string): string {
  const name = [...given.split(/[\\/]/).pop()!].filter((ch) => !isControl(ch.charCodeAt(0))).join('').trim();
  return (name || 'file').slice(0, ORIGINAL_NAME_MAX);
}

export interface IntakeOptions {
  store: ServerStore;
  live: LiveChannel;
  pager: Pager;
  /** Where the files a customer sends with the form go. */
  files: ServerFiles;
  log?: (line: string) => void;
  /** The address customers open (behind a proxy that rewrites Host): the one origin the form accepts. */
  publicUrl?: string;
}

/** Submissions one client address may make in a minute: a person needs a few, a flood is refused. */
export const SUBMISSIONS_PER_MINUTE = 5;
// The form's longest values are two 10,000-character texts; anything much larger is not our form.
const FORM_BODY_LIMIT = 128 * 1024;

const CSRF_COOKIE = 'casedesk_intake';

export async function registerIntake(app: FastifyInstance, options: IntakeOptions): Promise<void> {
  await app.register(intakeRoutes, options);
}

async function intakeRoutes(scope: FastifyInstance, { store, live, pager, files, log, publicUrl }: IntakeOptions): Promise<void> {
  const fileBytes = Math.min(INTAKE_FILE_BYTES, files.maxBytes);
  const publicHost = publicUrl ? new URL(publicUrl).host : undefined;
  // Only this scope reads forms; it reads nothing else.
  scope.removeAllContentTypeParsers();
  await scope.register(formbody, { bodyLimit: FORM_BODY_LIMIT });
  // The form with files (multipart): its fields become the body as the plain form's are; each file
  // is hashed into a temporary file of the server's store as it arrives, never held in memory, and
  // kept only once the case is opened.
  await scope.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: fileBytes, files: INTAKE_FILES, fields: 40, fieldSize: 64 * 1024, parts: INTAKE_FILES + 40 },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      const taken = (this.intakeFiles ??= []);
      if (!part.filename) {
        for await (const _ of part.file); // the empty file field of a form sent without files
        return;
      }
      let file;
      try {
        file = await files.take(part.file, fileBytes);
      } catch (err) {
        if (err instanceof FileRefused && err.status === 413) throw Object.assign(new Error(err.message), { code: 'FST_REQ_FILE_TOO_LARGE', statusCode: 413 });
        throw err;
      }
      if (part.file.truncated) {
        await file.discard();
        throw Object.assign(new Error('too large'), { code: 'FST_REQ_FILE_TOO_LARGE', statusCode: 413 });
      }
      taken.push({ file, name: intakeFileName(part.filename), mediaType: await mediaTypeOf(file.head) });
    },
  });
  // A file not kept (the form refused, the case not opened) leaves nothing behind.
  scope.addHook('onSend', async (request, _reply, payload) => {
    for (const { file } of request.intakeFiles ?? []) await file.discard();
    return payload;
  });
  await scope.register(cookie);
  await scope.register(csrfProtection, {
    cookieKey: CSRF_COOKIE,
    // A day, so a form left open over lunch (or restored with the browser) can still be sent.
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: 'auto', maxAge: 24 * 60 * 60 },
    // The token comes in the form only: this scope serves no script that could send it in a header.
    getToken: (request) => {
      const token = (request.body as Record<string, unknown> | undefined)?._csrf;
      return typeof token === 'string' ? token : undefined;
    },
  });
  await scope.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => Object.assign(new Error(`too many submissions; retry in ${context.after}`), { statusCode: context.statusCode, code: 'INTAKE_RATE_LIMITED', after: context.after }),
  });

  scope.addHook('onRequest', async (_request, reply) => {
    setSecurityHeaders(reply);
  });

  const now = () => store.clock.now();

  /** The form again, with what was typed, its errors and a fresh token for its next send. */
  const showForm = async (reply: FastifyReply, status: number, values: FormValues | null, errors: FormErrors = {}, notice?: string, submission?: string | null) => {
    const policy = await store.policyInForce();
    const page = formPage({
      policy,
      now: now(),
      values: values ?? formValues({}),
      errors,
      notice,
      csrfToken: reply.generateCsrf(),
      submission: submission ?? uuidv7(),
    });
    return reply.code(status).type('text/html; charset=utf-8').send(page);
  };

  const showProblem = (reply: FastifyReply, status: number, title: string, message: string, advice: string) =>
    reply.code(status).type('text/html; charset=utf-8').send(problemPage(title, message, advice));

  scope.setErrorHandler(async (err: FastifyError & { after?: string }, request, reply) => {
    setSecurityHeaders(reply);
    switch (err.code) {
      case 'FST_CSRF_MISSING_SECRET':
      case 'FST_CSRF_INVALID_TOKEN':
        // Our own page without its cookie (cleared, blocked, expired): nothing is stored, the answers
        // are shown again with a fresh token. A foreign page never gets here: the Origin check is first.
        return showForm(
          reply,
          403,
          formValues(request.body),
          {},
          'For your protection, the form must be sent from this page in a browser that accepts its cookie. Nothing was stored: please check your answers and send the form again. If this keeps happening, allow cookies for this site, or phone us.',
        );
      case 'INTAKE_RATE_LIMITED':
        return showProblem(reply, 429, 'Too many submissions', `This network has sent the form ${SUBMISSIONS_PER_MINUTE} times in the last minute. Nothing more was stored.`, `Please wait ${err.after ?? 'a minute'} and send it again.`);
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return showProblem(reply, 413, 'The form is too large', 'The texts sent were longer than the form allows. Nothing was stored.', 'Please shorten the longest answers, or send log files by email once you have your case number.');
      case 'FST_REQ_FILE_TOO_LARGE':
        return showProblem(reply, 413, 'A file is too large', `Each file may be ${sizeWords(fileBytes)} at most. Nothing was stored.`, 'Please send the form again with smaller files (a log compressed as .gz, a part of it), or send the large file once you have your case number.');
      case 'FST_FILES_LIMIT':
        return showProblem(reply, 413, 'Too many files', `The form takes ${INTAKE_FILES} files at most. Nothing was stored.`, 'Please send the form again with fewer files (several logs in one .zip or .gz).');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return showProblem(reply, 415, 'Not a form', 'This address accepts the support form only.', 'Please use the form on this page.');
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) log?.(`online intake: ${err.stack ?? err.message}`);
    return status === 500
      ? showProblem(reply, 500, 'Your case could not be stored', 'Something went wrong on our side and the case was not stored.', 'Please try again in a few minutes, or phone us now.')
      : showProblem(reply, status, 'The form could not be read', 'Nothing was stored.', 'Please fill in the form again.');
  });

  scope.get('/', async (_request, reply) => showForm(reply, 200, null));

  const refuseForeign = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!foreignOrigin(request, publicHost)) return;
    return showProblem(reply, 403, 'Sent from another site', 'This form was sent from a page that is not ours, so nothing was stored.', 'If you meant to open a case, fill in the form on this page.');
  };

  scope.post(
    '/',
    {
      bodyLimit: FORM_BODY_LIMIT,
      config: { rateLimit: { max: SUBMISSIONS_PER_MINUTE, timeWindow: 60_000 } },
      preHandler: [refuseForeign, scope.csrfProtection],
    },
    async (request, reply) => {
      const policy = await store.policyInForce();
      const checked = checkForm(request.body, policy);
      if (!checked.ok) {
        const notice = Object.keys(checked.errors).length === 0 ? 'The form was incomplete. Please check your answers and send it again.' : undefined;
        return showForm(reply, 400, checked.values, checked.errors, notice, submissionId(request.body));
      }
      const at = now();
      const sent = request.intakeFiles ?? [];
      const opened = await openOnlineCase(checked.submission, {
        store,
        live,
        pager,
        policy,
        now: at,
        log,
        files: sent.map(({ file, name, mediaType }) => ({ sha256: file.sha256, size: file.size, name, mediaType })),
      });
      // The bytes are put in place whether the case is new or sent again (the same content, kept once).
      if (opened.ok) for (const { file } of sent) await file.keep();
      if (!opened.ok) {
        // The store refused it (its rules, not the form): a fresh form id, so the next send is judged anew.
        return showForm(reply, 422, checked.submission.values, {}, `The case could not be opened: ${opened.error}.`);
      }
      const steps = nextSteps(policy, checked.submission.severity, at);
      const page = confirmationPage({ number: opened.number, values: checked.submission.values, steps, again: opened.again, paged: opened.paged });
      return reply.code(200).type('text/html; charset=utf-8').send(page);
    },
  );
}
