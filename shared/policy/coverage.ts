// Whether the policy covers a product and version: the policy applies to released, supported
// products; beta and field-test technology has its own policy; unsupported and discontinued
// products are not covered. Looked up in the policy's `products` list, and by the version's own
// words ("beta", "rc", "preview") when the list does not say.
import type { Policy } from './policy-schema';

export type Coverage =
  | { covered: true; status: 'supported' | 'unknown' }
  | { covered: false; status: 'beta' | 'field-test' | 'unsupported' | 'discontinued'; why: string };

const PRERELEASE = /(?<![a-z])(beta|alpha|rc\d*|preview|field[- ]?test)(?![a-z])/i;

/** Whether `version` is `prefix` or starts with it as whole segments: "2.1" covers 2.1 and 2.1.4, not 2.10. */
function versionMatches(version: string, prefix: string): boolean {
  if (prefix === '') return true;
  if (!version.startsWith(prefix)) return false;
  return version.length === prefix.length || /[.\-\s]/.test(prefix.at(-1)!) || /[.\-\s]/.test(version[prefix.length]!);
}

export function coverageOf(policy: Pick<Policy, 'products'>, product: string | undefined, version: string | undefined): Coverage {
  const p = (product ?? '').trim().toLowerCase();
  const v = (version ?? '').trim().toLowerCase();
  // The most specific entry wins: the longest version prefix that matches.
  const entry = policy.products
    .filter((e) => e.product.toLowerCase() === p && versionMatches(v, e.version.toLowerCase()))
    .sort((a, b) => b.version.length - a.version.length)[0];
  const why = (status: string, note: string) => `${product}${version ? ` ${version}` : ''} is ${status}${note ? ` (${note})` : ''}`;
  if (entry && entry.status !== 'supported') {
    const suffix =
      entry.status === 'beta' || entry.status === 'field-test' ? ': beta and field-test technology is covered by a separate policy' : ': the support policy does not cover it';
    return { covered: false, status: entry.status, why: `${why(entry.status, entry.note)}${suffix}` };
  }
  if (!entry && PRERELEASE.test(v)) {
    return { covered: false, status: 'beta', why: `${product ?? 'the product'} ${version} looks like a pre-release: beta and field-test technology is covered by a separate policy` };
  }
  return { covered: true, status: entry ? 'supported' : 'unknown' };
}
