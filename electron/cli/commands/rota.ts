// The on-call rota from the command line: `casedesk rota show --db PATH` (the one in force, to copy
// and edit), `check FILE` (every bad entry named), `use FILE --db PATH` (a manager's or an admin's
// change of the team's rota: in force here at once, sent to the central store at the next sync)
// and `now --db PATH [--at INSTANT]` (who is on call, and until when, as JSON).
import { MutationError } from '../../../shared/cases/decide-mutation';
import { rotaCalendar } from '../../../shared/oncall/rota-calendar';
import { parseRotaText, RotaError, type Rota } from '../../../shared/oncall/rota';
import { parseInstant } from '../../../shared/time/instant';
import { printable } from '../../../shared/validation/control-characters';
import { pulledVersion } from '../../core/store/apply-snapshots';
import { rotaOf, useRota } from '../../core/store/team-rota';
import { CliError, type CliIo } from '../cli-io';
import { readDocumentFile } from '../document-file';
import { authorOf, openStore, withStore } from '../store-access';

const readRota = (file: string): Rota => readDocumentFile(file, 'rota', parseRotaText, RotaError);

const summary = (rota: Rota) => `${rota.shifts.length} shift(s), ${rota.overrides.length} override(s), ${rota.management.length} manager(s)`;

export async function rotaShow(options: { db?: string }, io: CliIo): Promise<void> {
  const store = openStore(options.db, { readonly: true, now: io.now });
  await withStore(store, (s) => io.out(`${JSON.stringify(rotaOf(s), null, 2)}\n`));
}

export function rotaCheck(file: string, io: CliIo): void {
  io.out(`${file}: valid rota (${summary(readRota(file))})\n`);
}

export async function rotaUse(file: string, options: { db?: string; as?: string }, io: CliIo): Promise<void> {
  const rota = readRota(file);
  const store = openStore(options.db, { now: io.now });
  await withStore(store, (s) => {
    let revision: number;
    try {
      revision = useRota(s, rota, authorOf(s, options.as)).revision;
    } catch (err) {
      if (err instanceof MutationError) throw new CliError(printable(err.message));
      throw err;
    }
    const where = pulledVersion(s) > 0 ? '; it goes to the central store at the next sync' : '';
    io.out(`the rota of ${file} (${summary(rota)}) is in use in ${options.db} as revision ${revision}${where}\n`);
  });
}

export async function rotaNow(options: { db?: string; at?: string }, io: CliIo): Promise<void> {
  const given = options.at === undefined ? null : parseInstant(options.at);
  if (given && !given.ok) throw new CliError(`--at: ${given.error}`, 2);
  const at = given?.ok ? given.ms : io.now();
  const store = openStore(options.db, { readonly: true, now: io.now });
  await withStore(store, (s) => {
    const { now, nextCover } = rotaCalendar(rotaOf(s), s.currentPolicy.timeZone, at, { days: 0 });
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    io.out(
      `${JSON.stringify({
        at: iso(at),
        onCall: now ? { primary: now.primary, secondary: now.secondary, until: iso(now.until), by: now.by } : null,
        next: nextCover ? { at: iso(nextCover.at), primary: nextCover.primary } : null,
      })}\n`,
    );
  });
}
