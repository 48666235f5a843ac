// Search over every case and the filters of the view: severity (the policy's own), clock state,
// status (every status a case can have), engineer; grouping; and how many cases match.
import { memo, type RefObject } from 'react';
import { CASE_STATUSES } from '../../../shared/policy/policy-schema';
import type { PolicySeverity } from '../policy/usePolicySeverities';

export interface FilterValues {
  text: string;
  severity: string;
  clock: string;
  status: string;
  engineer: string;
  groupBy: 'none' | 'severity' | 'engineer';
}

export const NO_FILTERS: FilterValues = { text: '', severity: '', clock: '', status: '', engineer: '', groupBy: 'none' };

interface Props {
  values: FilterValues;
  onChange: (patch: Partial<FilterValues>) => void;
  severities: PolicySeverity[];
  total: number | null;
  searchRef: RefObject<HTMLInputElement | null>;
}

export const QueueFilters = memo(function QueueFilters({ values, onChange, severities, total, searchRef }: Props) {
  const { text, severity, clock, status, engineer, groupBy } = values;
  const filtered = severity || clock || status || engineer.trim();
  return (
    <div className="filters">
      <input
        ref={searchRef}
        className="search"
        type="search"
        placeholder="Search number, id, company, summary (press /)"
        aria-label="Search cases"
        value={text}
        onChange={(e) => onChange({ text: e.target.value })}
      />
      <select aria-label="Severity" value={severity} onChange={(e) => onChange({ severity: e.target.value })}>
        <option value="">Any severity</option>
        {severities.map((s) => (
          <option key={s.level} value={String(s.level)}>
            {s.name}
          </option>
        ))}
      </select>
      <select aria-label="Clock" value={clock} onChange={(e) => onChange({ clock: e.target.value })}>
        <option value="">Any clock</option>
        <option value="breached">Breached</option>
        <option value="due-soon">Breaching within 2 hours</option>
        <option value="paused">Paused</option>
        <option value="running">Running</option>
      </select>
      <select aria-label="Status" value={status} onChange={(e) => onChange({ status: e.target.value })}>
        <option value="">Any status</option>
        {CASE_STATUSES.map((s) => (
          <option key={s} value={s}>
            {s.replaceAll('-', ' ')}
          </option>
        ))}
      </select>
      <input className="engineer" aria-label="Engineer" placeholder="Engineer" value={engineer} onChange={(e) => onChange({ engineer: e.target.value })} />
      <select aria-label="Group by" value={groupBy} onChange={(e) => onChange({ groupBy: e.target.value as FilterValues['groupBy'] })}>
        <option value="none">No grouping</option>
        <option value="severity">Group by severity</option>
        <option value="engineer">Group by engineer</option>
      </select>
      <span className="total" role="status">
        {total === null ? 'Loading…' : `${total.toLocaleString()} case${total === 1 ? '' : 's'}`}
        {text ? (filtered ? ' found in all cases (filters apply)' : ' found in all cases') : ''}
      </span>
    </div>
  );
});
