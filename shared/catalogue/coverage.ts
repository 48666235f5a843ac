// Whether the policy covers a product and version: the policy applies to released, supported
// products; beta and field-test technology has its own policy; unsupported, discontinued and
// end-of-support products are not covered. Looked up in the product catalogue first, then in a
// policy's own `products` list (policies recorded before the catalogue existed), and by the
// version's own words ("beta", "rc", "preview") when neither says.
import type { Policy } from '../policy/policy-schema';
import { STATUS_WORDS, type ProductCatalogue } from './product-catalogue';

export type Coverage =
  | { covered: true; status: 'supported' | 'unknown'; note?: string }
  | { covered: false; status: 'beta' | 'field-test' | 'unsupported' | 'discontinued' | 'end-of-support'; why: string };

/** Where coverage is looked up: the catalogue in force, and a policy's own product list. */
export interface CoverageSources {
  catalogue?: ProductCatalogue;
  products?: Policy['products'];
}

const PRERELEASE = /(?<![a-z])(beta|alpha|rc\d*|preview|field[- ]?test)(?![a-z])/i;

/** Whether `version` is `prefix` or starts with it as whole segments: "2.1" covers 2.1 and 2.1.4, not 2.10. */
export function versionMatches(version: string, prefix: string): boolean {
  if (prefix === '') return true;
  if (!version.startsWith(prefix)) return false;
  return version.length === prefix.length || /[.\-\s]/.test(prefix.at(-1)!) || /[.\-\s]/.test(version[prefix.length]!);
}

interface Entry {
  status: 'supported' | 'beta' | 'field-test' | 'unsupported' | 'discontinued' | 'end-of-support';
  version: string;
  note: string;
  endOfSupport?: string;
}

/** The most specific entry for the product and version: the longest version that matches. */
function entryOf(sources: CoverageSources, p: string, v: string): Entry | undefined {
  const listed = sources.catalogue?.products.find((e) => e.name.toLowerCase() === p);
  const entries: Entry[] = listed
    ? listed.versions.map((e) => ({ status: e.status, version: e.version, note: e.note ?? '', endOfSupport: e.endOfSupport }))
    : (sources.products ?? []).filter((e) => e.product.toLowerCase() === p);
  return entries.filter((e) => versionMatches(v, e.version.toLowerCase())).sort((a, b) => b.version.length - a.version.length)[0];
}

/**
 * The coverage of `product` at `version`, judged on `day` (YYYY-MM-DD: a version whose support
 * ends on a day is covered before it, not from it; without a day, it is covered with a note).
 */
export function coverageOf(sources: CoverageSources, product: string | undefined, version: string | undefined, day?: string): Coverage {
  const p = (product ?? '').trim().toLowerCase();
  const v = (version ?? '').trim().toLowerCase();
  const entry = entryOf(sources, p, v);
  const named = `${product}${version ? ` ${version}` : ''}`;
  const note = entry?.note ? ` (${entry.note})` : '';
  if (entry?.status === 'end-of-support') {
    const ends = entry.endOfSupport!;
    if (day !== undefined && day >= ends) {
      return { covered: false, status: 'end-of-support', why: `${named} reached its end of support on ${ends}${note}: the support policy does not cover it` };
    }
    return { covered: true, status: 'supported', note: `support ends on ${ends}${note}` };
  }
  if (entry && entry.status !== 'supported') {
    const suffix = entry.status === 'beta' || entry.status === 'field-test' ? ': beta and field-test technology is covered by a separate policy' : ': the support policy does not cover it';
    const words = entry.status === 'unsupported' ? 'unsupported' : STATUS_WORDS[entry.status];
    return { covered: false, status: entry.status, why: `${named} is ${words}${note}${suffix}` };
  }
  if (!entry && PRERELEASE.test(v)) {
    return { covered: false, status: 'beta', why: `${product ?? 'the product'} ${version} looks like a pre-release: beta and field-test technology is covered by a separate policy` };
  }
  return { covered: true, status: entry ? 'supported' : 'unknown' };
}

/** A case's coverage, from its servers': not covered when one of them is not, saying which. */
export function caseCoverage(servers: readonly { host: string; coverage: Coverage }[]): { covered: boolean; why: string | null } {
  const out = servers.filter((s) => !s.coverage.covered);
  if (out.length === 0) return { covered: true, why: null };
  const each = out.map((s) => `${s.host}: ${(s.coverage as { why: string }).why}`);
  return { covered: false, why: `Not covered by this policy — ${each.join('; ')}` };
}
