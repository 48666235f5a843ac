// Generates a deterministic casedesk.cases/1 file of N cases (0–6 events each, ~360 bytes a case):
// the fields a queue shows, instants spread over 2009–2011 in several offsets. With `checklist`,
// cases also have some of the policy's troubleshooting steps settled (0/6 to 6/6), drawn from a
// second random stream so the rest of each case is the same as without it. With `loggedBetween`
// ([from, to] epoch ms), the cases are first reported within that span instead.
import { writeFileSync } from 'node:fs';

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function seededRandom(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMPANIES = ['Northwind', 'Contoso', 'Fabrikam', 'Adatum', 'Tailspin', 'Litware', 'Proseware', 'Woodgrove'];
const ENGINEERS = ['Dana Ruiz', 'Lee Chen', 'Priya Nair', 'Tom Okafor', 'Ana Silva'];
const SYMPTOMS = [
  'Inbound mail deferred with 451 temporary failure after upgrade',
  'Quarantine digest not delivered to end users since Monday',
  'Outbound TLS handshake fails intermittently with partner domain',
  'Spam scores unexpectedly high for internal newsletters',
  'Admin console times out when searching message logs',
];

const pad = (n) => String(n).padStart(2, '0');
function iso(ms) {
  // Alternate offsets, as files merged from several trackers do.
  const offsetMin = [-300, -240, 0, 60][Math.floor(ms / 3_600_000) % 4];
  const d = new Date(ms + offsetMin * 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const STEPS = ['configuration', 'versions', 'symptoms', 'topology', 'evidence', 'changes'];

/** Checklist events after `t`: a random number of the steps, done or (rarely) not applicable. */
function checklistEvents(random, t) {
  const events = [];
  const settled = Math.floor(random() * (STEPS.length + 1));
  for (const step of STEPS.slice(0, settled)) {
    t += Math.floor(random() * 120) * 60_000;
    events.push(random() < 0.15 ? { at: iso(t), type: 'checklist', step, state: 'not-applicable', reason: 'Not this setup', author: 'Dana Ruiz' } : { at: iso(t), type: 'checklist', step, state: 'done', author: 'Lee Chen' });
  }
  return events;
}

export function generateCases(count, seed = 42, options = {}) {
  const random = seededRandom(seed);
  const steps = options.checklist ? seededRandom(seed + 1) : null;
  const pick = (list) => list[Math.floor(random() * list.length)];
  const [start, end] = options.loggedBetween ?? [Date.UTC(2009, 0, 1), Date.UTC(2011, 6, 1)];
  const span = end - start;
  const cases = [];
  for (let i = 0; i < count; i++) {
    const loggedAt = start + Math.floor(random() * span / 60_000) * 60_000;
    const severity = 1 + Math.floor(random() * 3);
    const events = [];
    let t = loggedAt;
    const n = Math.floor(random() * 7);
    for (let k = 0; k < n; k++) {
      t += Math.floor(random() * 36 * 60) * 60_000;
      const r = random();
      if (r < 0.3) events.push({ at: iso(t), type: 'contact', channel: pick(['phone', 'email', 'remote', 'onsite']) });
      else if (r < 0.5) events.push({ at: iso(t), type: 'status', status: pick(['in-progress', 'awaiting-customer', 'awaiting-customer', 'resolved']) });
      else if (r < 0.65) events.push({ at: iso(t), type: 'customer-reply' });
      else if (r < 0.78) events.push({ at: iso(t), type: 'workaround' });
      else if (r < 0.86) events.push({ at: iso(t), type: 'severity', severity: 1 + Math.floor(random() * 3) });
      else if (r < 0.9) events.push({ at: iso(t), type: 'auto-close-hold' });
      else if (r < 0.92) events.push({ at: iso(t), type: 'third-party', vendor: 'Acme MTA' });
      else events.push({ at: iso(t), type: 'note' });
    }
    if (steps) events.push(...checklistEvents(steps, t));
    const company = pick(COMPANIES);
    cases.push({
      id: `C-${String(100000 + i)}`,
      severity,
      type: random() < 0.03 ? 'feature-request' : 'problem',
      channel: pick(['online', 'phone', 'email']),
      loggedAt: iso(loggedAt),
      company,
      summary: pick(SYMPTOMS).slice(0, 20),
      ...(random() < 0.6 ? { engineer: pick(ENGINEERS) } : {}), // new cases are not assigned yet
      events,
    });
  }
  return { format: 'casedesk.cases/1', cases };
}

export function writeCases(path, count, seed, options) {
  const text = JSON.stringify(generateCases(count, seed, options));
  writeFileSync(path, text);
  return text.length;
}
