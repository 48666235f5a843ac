import { describe, expect, it } from 'vitest';
import { coverageOf } from '../../../shared/catalogue/coverage';

const policy = {
  products: [
    { product: 'Xecuritas Gateway', version: '', status: 'supported' as const, note: '' },
    { product: 'Xecuritas Gateway', version: '5.', status: 'discontinued' as const, note: 'end of support 2009-12-31' },
    { product: 'Xecuritas Cloud Filter', version: '', status: 'field-test' as const, note: '' },
  ],
};

describe('what the support policy covers', () => {
  it('covers a supported product, the most specific entry deciding', () => {
    expect(coverageOf(policy, 'Xecuritas Gateway', '7.2.1')).toEqual({ covered: true, status: 'supported' });
    expect(coverageOf(policy, 'Xecuritas Gateway', '5.4')).toEqual({
      covered: false,
      status: 'discontinued',
      why: 'Xecuritas Gateway 5.4 is discontinued (end of support 2009-12-31): the support policy does not cover it',
    });
  });

  it('sends beta and field-test technology to its own policy, also when only the version says so', () => {
    expect(coverageOf(policy, 'Xecuritas Cloud Filter', '1.0')).toMatchObject({ covered: false, status: 'field-test' });
    expect(coverageOf({ products: [] }, 'Xecuritas Archive', '3.0 beta 2')).toMatchObject({ covered: false, status: 'beta' });
    expect(coverageOf({ products: [] }, 'Xecuritas Archive', '3.0-rc1')).toMatchObject({ covered: false, status: 'beta' });
  });

  it('matches versions by whole segments, and finds pre-release words glued to numbers', () => {
    const p = { products: [{ product: 'Xecuritas Archive', version: '2.1', status: 'discontinued' as const, note: '' }] };
    expect(coverageOf(p, 'Xecuritas Archive', '2.1.4').covered).toBe(false);
    expect(coverageOf(p, 'Xecuritas Archive', '2.10').covered).toBe(true);
    expect(coverageOf({ products: [] }, 'Xecuritas Archive', '1.0rc1')).toMatchObject({ covered: false, status: 'beta' });
    expect(coverageOf({ products: [] }, 'Xecuritas Archive', '2.0beta')).toMatchObject({ covered: false, status: 'beta' });
  });

  it('says nothing about a product it knows nothing of', () => {
    expect(coverageOf({ products: [] }, 'Xecuritas Archive', '2.0')).toEqual({ covered: true, status: 'unknown' });
  });
});
