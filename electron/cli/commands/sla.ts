// `casedesk sla check` and `casedesk sla explain`: evaluate case timelines from a file, without a
// database.
import { compilePolicy } from '../../../shared/policy/compiled-policy';
import { evaluationJsonText } from '../../../shared/sla/evaluation-json';
import { evaluateCase } from '../../../shared/sla/sla-clock';
import { explainClock, explanationText, formatMoment } from '../../../shared/sla/sla-explain';
import { checkSeverities, readCasesFile } from '../../core/cases-file';
import { loadPolicyFile } from '../../core/policy-file';
import { CliError, type CliIo, writeJsonList } from '../cli-io';
import { atOption } from '../options';
import { printable } from '../../../shared/validation/control-characters';

export interface SlaOptions {
  at?: string;
  policy?: string;
}

function load(file: string, options: SlaOptions, io: CliIo) {
  const policy = loadPolicyFile(options.policy);
  const at = atOption(options.at, io.now());
  const { file: cases, timelines } = readCasesFile(file);
  checkSeverities(cases, policy, file);
  return { compiled: compilePolicy(policy), at, cases, timelines };
}

export function slaCheck(file: string, options: SlaOptions, io: CliIo): void {
  const { compiled, at, timelines } = load(file, options, io);
  writeJsonList(io, 'cases', timelines.length, (i) => evaluationJsonText(evaluateCase(timelines[i]!, compiled, at), compiled.zone));
}

export function slaExplain(file: string, caseId: string, options: SlaOptions, io: CliIo): void {
  const { compiled, at, cases, timelines } = load(file, options, io);
  const index = cases.cases.findIndex((c) => c.id === caseId);
  const record = cases.cases[index];
  if (!record) {
    const ids = cases.cases.slice(0, 5).map((c) => c.id);
    throw new CliError(
      `no case "${caseId}" in ${file}${ids.length ? ` (it has ${ids.join(', ')}${cases.cases.length > 5 ? ', …' : ''})` : ' (it has no cases)'}`,
    );
  }
  const timeline = timelines[index]!;
  const evaluation = evaluateCase(timeline, compiled, at);
  const zone = compiled.zone.name;
  const parts = [
    `Case ${record.id}, evaluated at ${formatMoment(at, zone)} under policy ${compiled.policy.id} v${compiled.policy.version}.`,
    explanationText(explainClock(timeline, evaluation, 'response', compiled), compiled),
    explanationText(explainClock(timeline, evaluation, 'resolution', compiled), compiled),
  ];
  if (evaluation.escalations.length === 0) parts.push('Escalations: none.');
  else {
    parts.push(
      `Escalations to support management:\n${evaluation.escalations
        .map((e) => `  ${e.clock} clock breached at ${formatMoment(e.at, zone)} (severity ${e.severity})`)
        .join('\n')}`,
    );
  }
  if (evaluation.autoCloseAt !== null) {
    parts.push(
      `Auto-close: the case closes by itself at ${formatMoment(evaluation.autoCloseAt, zone)} unless the customer answers, the status changes, or other arrangements are recorded (auto-close-hold).`,
    );
  } else if (evaluation.autoClosedAt !== null) {
    parts.push(`Auto-close: the case closed by itself at ${formatMoment(evaluation.autoClosedAt, zone)}: no answer from the customer within ${compiled.autoCloseDays} days.`);
  }
  io.out(printable(`${parts.join('\n\n')}\n`));
}
