// The case's timeline in the order things happened: every event (an undone one struck through,
// with when it was undone) and the automatic escalations of breached clocks, by their instants
// (ties in written order, events before escalations). An entry recorded later than it happened
// says when it was recorded, and a severity change so recorded says which breach it moved. An
// escalation or an auto-close recorded automatically (shared/alerts/automatic-events.ts) is
// marked so, and stands in for the escalation the clocks would show.
import { displayName } from '../../../shared/files/file-names';
import type { ReactNode } from 'react';
import { RETROACTIVE_MS, type CaseDetail } from '../../../shared/ipc/contract';
import { Moment } from '../ui/Moment';
import { automaticKey, automaticKeyOf } from '../../../shared/alerts/automatic-events';
import { PAGE_EVENT, stepWords } from '../../../shared/oncall/case-pages';
import { PAGE_STEPS, type PageStep } from '../../../shared/oncall/rota';

/** A page's step in words: "Olu Bello (the engineer on call)". */
function pageStep(e: Record<string, unknown>): string | null {
  if (e.type !== PAGE_EVENT || !(PAGE_STEPS as readonly unknown[]).includes(e.step) || !Array.isArray(e.to)) return null;
  return `${e.to.join(', ')} (${stepWords(e.step as PageStep)})`;
}

function timelineDetails(e: Record<string, unknown>): ReactNode {
  const step = pageStep(e);
  const parts = ['channel', 'status', 'severity', 'vendor', 'to', 'note', 'text', 'reason']
    .filter((k) => e[k] !== undefined && !(k === 'to' && step))
    .map((k) => `${k === 'reason' ? 'reason: ' : ''}${String(e[k])}`);
  // A file's name as given, shown with its invisible characters made visible.
  if ((e.type === 'attachment' || e.type === 'attachment-removed') && typeof e.name === 'string') parts.unshift(displayName(e.name));
  const agreement = e.agreement as { by?: string; how?: string } | undefined;
  if (agreement) parts.push(`agreed by ${agreement.by} (${agreement.how})`);
  if (step) parts.unshift(step);
  return parts.length ? ` · ${parts.join(' · ')}` : null;
}

type Entry = { at: number; kind: 'event'; index: number } | { at: number; kind: 'escalation'; clock: 'response' | 'resolution'; index: number };

/** Events and automatic escalations by when they happened; stable: ties keep written order, events first. */
export function timelineEntries(detail: CaseDetail): Entry[] {
  const events = (detail.record.events as { at: string }[] | undefined) ?? [];
  const recorded = new Set(events.map(automaticKeyOf));
  const entries: Entry[] = [
    ...events.map((e, index) => ({ at: Date.parse(e.at), kind: 'event' as const, index })),
    ...detail.clocks.escalations.flatMap((x, index) => (recorded.has(automaticKey('escalation', x.clock, x.at)) ? [] : [{ at: x.at, kind: 'escalation' as const, clock: x.clock, index }])),
  ];
  return entries.sort((a, b) => a.at - b.at || (a.kind === b.kind ? a.index - b.index : a.kind === 'event' ? -1 : 1));
}

export function CaseTimeline({ detail }: { detail: CaseDetail }) {
  const zone = detail.policyZone;
  const events = (detail.record.events as Record<string, unknown>[] | undefined) ?? [];
  const undoneBy = new Map(events.flatMap((e) => (e.type === 'retraction' ? [[e.retracts as number, Date.parse(String(e.at))] as const] : [])));
  return (
    <>
      <h3>Timeline</h3>
      <ol className="timeline">
        {timelineEntries(detail).map((entry) => {
          if (entry.kind === 'escalation') {
            return (
              <li key={`esc-${entry.clock}`} className="auto">
                <Moment ms={entry.at} policyZone={zone} /> <strong>escalated to support management</strong> · {entry.clock} clock breached (automatic)
                <span className="auto-mark">automatic</span>
              </li>
            );
          }
          const e = events[entry.index]!;
          const info = detail.eventInfo?.[entry.index];
          const recordedAt = info?.recordedAt ?? null;
          const retroactive = recordedAt !== null && recordedAt - entry.at > RETROACTIVE_MS;
          const undone = undoneBy.get(entry.index);
          const automatic = automaticKeyOf(e) !== null;
          const classes = [undone !== undefined ? 'retracted' : '', retroactive ? 'retroactive' : '', automatic ? 'auto' : ''].filter(Boolean).join(' ');
          return (
            <li key={entry.index} className={classes || undefined}>
              <Moment ms={entry.at} policyZone={zone} /> <strong>{e.type === 'retraction' ? `undid the ${String(e.undoes)}` : String(e.type)}</strong>
              {timelineDetails(e)}
              {e.author ? <span className="author"> — {String(e.author)}</span> : null}
              {automatic && <span className="auto-mark">automatic</span>}
              {undone !== undefined && (
                <span className="undone">
                  {' '}
                  · undone <Moment ms={undone} policyZone={zone} />
                </span>
              )}
              {retroactive && (
                <span className="recorded">
                  {' '}
                  · recorded <Moment ms={recordedAt} policyZone={zone} />
                  <span className="retro-mark">retroactive</span>
                  {info?.breachMoved?.map((m) => (
                    <span key={m.clock} className="breach-moved">
                      {' '}
                      · moved the {m.clock} breach from <Moment ms={m.from} policyZone={zone} /> to <Moment ms={m.to} policyZone={zone} />
                    </span>
                  ))}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </>
  );
}
