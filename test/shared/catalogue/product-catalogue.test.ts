// The product catalogue as an admin writes it: every bad field refused by name (the product named
// too), and what it says of a version — supported, end of support on a day (covered before it,
// not from it), discontinued, beta and field test — ahead of a policy's own product list.
import { describe, expect, it } from 'vitest';
import { caseCoverage, coverageOf } from '../../../shared/catalogue/coverage';
import { CatalogueError, defaultCatalogue, parseCatalogue } from '../../../shared/catalogue/product-catalogue';

const doc = (versions: unknown[], name = 'Xecuritas Gateway') => ({ format: 'casedesk.catalogue/1', products: [{ name, versions }] });
const problems = (data: unknown): string[] => {
  try {
    parseCatalogue(data);
  } catch (err) {
    if (err instanceof CatalogueError) return err.issues;
    throw err;
  }
  return [];
};

describe('a catalogue file', () => {
  it('refuses a malformed version, naming the product and the field', () => {
    for (const bad of ['7..2', 'v7', 'seven', '', '7.2.', '1.2.3.4.5.6']) {
      expect(problems(doc([{ version: '7', status: 'supported' }, { version: bad, status: 'supported' }]))).toEqual([
        expect.stringMatching(new RegExp(`^products\\[0\\] \\(Xecuritas Gateway\\)\\.versions\\[1\\]\\.version: "${bad.replace(/\./g, '\\.')}" is not a version`)),
      ]);
    }
    expect(problems(doc([{ version: '8.0-beta2', status: 'beta' }, { version: '7.2.1', status: 'supported' }, { version: '9rc1', status: 'beta' }]))).toEqual([]);
  });

  it('asks for the end of support of an end-of-support version, and only of one; refuses repeats and unknown statuses', () => {
    expect(problems(doc([{ version: '6.5', status: 'end-of-support' }]))).toEqual([
      'products[0] (Xecuritas Gateway).versions[0].endOfSupport: an end-of-support version needs the day its support ends',
    ]);
    expect(problems(doc([{ version: '6.5', status: 'end-of-support', endOfSupport: '2027-02-30' }]))).toEqual([
      'products[0] (Xecuritas Gateway).versions[0].endOfSupport: a day, e.g. 2027-03-31',
    ]);
    expect(problems(doc([{ version: '7', status: 'supported', endOfSupport: '2027-01-01' }]))[0]).toMatch(/endOfSupport: only an end-of-support version/);
    expect(problems(doc([{ version: '7', status: 'retired' }]))[0]).toMatch(/versions\[0\]\.status: one of supported, end-of-support/);
    expect(problems(doc([{ version: '7', status: 'supported' }, { version: '7', status: 'beta' }]))[0]).toMatch(/versions\[1\]\.version: 7 is listed twice/);
    expect(problems({ format: 'casedesk.catalogue/1', products: [{ name: 'A', versions: [] }, { name: 'a', versions: [] }] })[0]).toMatch(/products\[1\] \(a\)\.name: a is listed twice/);
    expect(problems({ format: 'casedesk.policy/1', products: [] })[0]).toMatch(/^format:/);
  });

  it('ships one that validates', () => {
    expect(defaultCatalogue().products.map((p) => p.name)).toContain('Xecuritas Gateway');
  });
});

describe('coverage by the catalogue', () => {
  const catalogue = parseCatalogue(
    doc([
      { version: '7', status: 'supported' },
      { version: '6.5', status: 'end-of-support', endOfSupport: '2027-07-01', note: 'upgrade to 7.x' },
      { version: '6', status: 'discontinued' },
      { version: '8.0-beta', status: 'beta' },
    ]),
  );
  const sources = { catalogue, products: [{ product: 'Xecuritas Gateway', version: '7', status: 'discontinued' as const, note: 'the policy says so' }] };

  it('covers an end-of-support version before its day, with a note, and not from that day', () => {
    expect(coverageOf(sources, 'Xecuritas Gateway', '6.5.3', '2027-06-30')).toEqual({ covered: true, status: 'supported', note: 'support ends on 2027-07-01 (upgrade to 7.x)' });
    expect(coverageOf(sources, 'Xecuritas Gateway', '6.5.3', '2027-07-01')).toEqual({
      covered: false,
      status: 'end-of-support',
      why: 'Xecuritas Gateway 6.5.3 reached its end of support on 2027-07-01 (upgrade to 7.x): the support policy does not cover it',
    });
  });

  it('takes the most specific version, the catalogue before a policy’s own list, and sends beta to its own policy', () => {
    expect(coverageOf(sources, 'xecuritas gateway', '7.2.1', '2027-01-01')).toEqual({ covered: true, status: 'supported' });
    expect(coverageOf(sources, 'Xecuritas Gateway', '6.4', '2027-01-01')).toMatchObject({ covered: false, status: 'discontinued' });
    expect(coverageOf(sources, 'Xecuritas Gateway', '8.0-beta', '2027-01-01')).toMatchObject({ covered: false, status: 'beta', why: expect.stringContaining('covered by a separate policy') });
    // A product the catalogue does not list: the policy's list decides.
    expect(coverageOf({ catalogue, products: [{ product: 'Xecuritas Archive', version: '', status: 'unsupported', note: '' }] }, 'Xecuritas Archive', '2')).toMatchObject({
      covered: false,
      status: 'unsupported',
    });
  });

  it("gives a case the coverage of its servers, naming the ones out of the policy", () => {
    const ok = { covered: true as const, status: 'supported' as const };
    expect(caseCoverage([{ host: 'mx1', coverage: ok }])).toEqual({ covered: true, why: null });
    const out = caseCoverage([
      { host: 'mx1', coverage: ok },
      { host: 'mx2', coverage: coverageOf(sources, 'Xecuritas Gateway', '6.1', '2027-01-01') },
    ]);
    expect(out).toEqual({ covered: false, why: 'Not covered by this policy — mx2: Xecuritas Gateway 6.1 is discontinued: the support policy does not cover it' });
  });
});
