// The product catalogue from the command line: `casedesk catalogue show` (the one in force in a
// database, else the one Casedesk ships with — to copy and edit), `check FILE` (every bad field
// named) and `use FILE --db PATH` (an admin's change of the team's catalogue: in force here at once,
// sent to the central store at the next sync like any change).
import { CatalogueError, catalogueSummary, defaultCatalogue, parseCatalogueText, type ProductCatalogue } from '../../../shared/catalogue/product-catalogue';
import { MutationError } from '../../../shared/cases/decide-mutation';
import { pulledVersion } from '../../core/store/apply-snapshots';
import { catalogueOf, useCatalogue } from '../../core/store/team-catalogue';
import { CliError, type CliIo } from '../cli-io';
import { readDocumentFile } from '../document-file';
import { authorOf, openStore, withStore } from '../store-access';

const readCatalogue = (file: string): ProductCatalogue => readDocumentFile(file, 'catalogue', parseCatalogueText, CatalogueError);

export async function catalogueShow(options: { db?: string }, io: CliIo): Promise<void> {
  if (options.db === undefined) {
    io.out(`${JSON.stringify(defaultCatalogue(), null, 2)}\n`);
    return;
  }
  const store = openStore(options.db, { readonly: true, now: io.now });
  await withStore(store, (s) => io.out(`${JSON.stringify(catalogueOf(s), null, 2)}\n`));
}

export function catalogueCheck(file: string, io: CliIo): void {
  const catalogue = readCatalogue(file);
  io.out(`${file}: valid catalogue (${catalogueSummary(catalogue)})\n`);
}

export async function catalogueUse(file: string, options: { db?: string; as?: string }, io: CliIo): Promise<void> {
  const catalogue = readCatalogue(file);
  const store = openStore(options.db, { now: io.now });
  await withStore(store, (s) => {
    let revision: number;
    try {
      revision = useCatalogue(s, catalogue, authorOf(s, options.as)).revision;
    } catch (err) {
      if (err instanceof MutationError) throw new CliError(err.message);
      throw err;
    }
    const where = pulledVersion(s) > 0 ? '; it goes to the central store at the next sync' : '';
    io.out(`the catalogue of ${file} (${catalogueSummary(catalogue)}) is in use in ${options.db} as revision ${revision}${where}\n`);
  });
}
