// The product catalogue (`casedesk.catalogue/1`): Xecuritas's products and versions with their
// support status — supported, end of support on a date, discontinued, beta, field test. The policy
// applies to "released, supported Xecuritas products as opposed to unsupported/discontinued
// products; beta and field test technology is covered by a separate policy": the catalogue says
// which is which. It is data an admin edits (`casedesk catalogue use FILE`, the Catalogue screen),
// shared by the team through the central store (`useCatalogue`, a change of the team's catalogue).
import { z } from 'zod';
import defaultCatalogueJson from './default-catalogue.json';
import { daysOfIsoDate } from '../time/civil-date';
import { describeIssue } from '../validation/format-issues';

export const CATALOGUE_FORMAT = 'casedesk.catalogue/1';

export const SUPPORT_STATUSES = ['supported', 'end-of-support', 'discontinued', 'beta', 'field-test'] as const;
export type SupportStatus = (typeof SUPPORT_STATUSES)[number];

/** What each status is called where a person reads it. */
export const STATUS_WORDS: Readonly<Record<SupportStatus, string>> = {
  supported: 'supported',
  'end-of-support': 'end of support',
  discontinued: 'discontinued',
  beta: 'beta',
  'field-test': 'field test',
};

/**
 * A version as the catalogue names it: numbers separated by dots (7, 7.2, 7.2.1), optionally a
 * pre-release tag (8.0-beta2, 8.1rc1). It covers itself and every version below it: 7.2 covers
 * 7.2.1, not 7.20.
 */
export const CATALOGUE_VERSION = /^\d{1,6}(\.\d{1,6}){0,4}([-. ]?(alpha|beta|rc|preview|ft)\.?\d{0,4})?$/i;

const day = z
  .string({ error: 'a day, e.g. 2027-03-31' })
  .refine((text) => /^\d{4}-\d{2}-\d{2}$/.test(text) && daysOfIsoDate(text) !== null, { message: 'a day, e.g. 2027-03-31' });

const versionEntry = z
  .strictObject({
    version: z
      .string({ error: 'a version, e.g. 7.2' })
      .trim()
      .refine((v) => CATALOGUE_VERSION.test(v), {
        error: (issue) => `"${String(issue.input)}" is not a version: numbers separated by dots (7, 7.2, 7.2.1), optionally a pre-release tag (8.0-beta2)`,
      }),
    status: z.enum(SUPPORT_STATUSES, { error: `one of ${SUPPORT_STATUSES.join(', ')}` }),
    /** The first day the version is no longer supported (status end-of-support only). */
    endOfSupport: day.optional(),
    note: z.string().trim().max(500).optional(),
  })
  .superRefine((entry, ctx) => {
    if (entry.status === 'end-of-support' && entry.endOfSupport === undefined) {
      ctx.addIssue({ code: 'custom', path: ['endOfSupport'], message: 'an end-of-support version needs the day its support ends' });
    }
    if (entry.status !== 'end-of-support' && entry.endOfSupport !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['endOfSupport'], message: `only an end-of-support version has an end of support (this one is ${entry.status})` });
    }
  });

/** Each entry of `list` named once (in any capitals): a repeat refused at its field, naming the first. */
function noRepeats<K extends string>(list: readonly Record<K, string>[], member: string, key: K, ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  list.forEach((entry, i) => {
    const first = seen.get(entry[key].toLowerCase());
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: [member, i, key], message: `${entry[key]} is listed twice (also ${member}[${first}])` });
    else seen.set(entry[key].toLowerCase(), i);
  });
}

const productEntry = z
  .strictObject({
    name: z.string({ error: 'a product name' }).trim().min(1, 'a product name').max(200),
    versions: z.array(versionEntry).max(500),
    note: z.string().trim().max(500).optional(),
  })
  .superRefine((product, ctx) => noRepeats(product.versions, 'versions', 'version', ctx));

export const catalogueSchema = z
  .strictObject({
    format: z.literal(CATALOGUE_FORMAT, { error: `"${CATALOGUE_FORMAT}"` }),
    products: z.array(productEntry).max(500),
  })
  .superRefine((catalogue, ctx) => noRepeats(catalogue.products, 'products', 'name', ctx));

export type ProductCatalogue = z.output<typeof catalogueSchema>;
export type CatalogueProduct = ProductCatalogue['products'][number];
export type CatalogueVersion = CatalogueProduct['versions'][number];

export class CatalogueError extends Error {
  constructor(
    message: string,
    readonly issues: string[],
  ) {
    super(message);
    this.name = 'CatalogueError';
  }
}

/**
 * Validate a catalogue; throws CatalogueError naming every bad field, its product by name
 * (`products[0] (Xecuritas Mail Gateway).versions[2].version: "7..2" is not a version…`).
 */
export function parseCatalogue(data: unknown, source = 'catalogue'): ProductCatalogue {
  const result = catalogueSchema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const [first, index, ...rest] = issue.path;
    const products = (data as { products?: { name?: unknown }[] } | null)?.products;
    const name = first === 'products' && typeof index === 'number' && Array.isArray(products) ? products[index]?.name : undefined;
    if (typeof name !== 'string' || typeof index !== 'number' || rest.length === 0) return describeIssue(issue);
    return describeIssue(issue, [`products[${index}] (${name})`, ...rest]);
  });
  throw new CatalogueError(`${source} is not a valid ${CATALOGUE_FORMAT} document:\n  ${issues.join('\n  ')}`, issues);
}

/** Parse catalogue JSON text (an edited copy of `casedesk catalogue show`). */
export function parseCatalogueText(text: string, source = 'catalogue'): ProductCatalogue {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new CatalogueError(`${source} is not valid JSON: ${(err as Error).message}`, []);
  }
  return parseCatalogue(data, source);
}

let cachedDefault: ProductCatalogue | undefined;

/** The catalogue in force until an admin puts one in use: the one that ships with Casedesk. */
export function defaultCatalogue(): ProductCatalogue {
  cachedDefault ??= parseCatalogue(defaultCatalogueJson, 'the default catalogue');
  return cachedDefault;
}

/** How many products and versions a catalogue lists, in words. */
export function catalogueSummary(catalogue: ProductCatalogue): string {
  const versions = catalogue.products.reduce((n, p) => n + p.versions.length, 0);
  return `${catalogue.products.length} product(s), ${versions} version(s)`;
}
