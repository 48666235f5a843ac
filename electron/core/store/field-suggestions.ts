// Values already recorded for a field, most used first: what the phone intake offers as the
// engineer types (a company's contracts, a product's versions).
import { FIELD_BY_NAME, type CaseFieldName } from '../../../shared/cases/case-fields';
import { escapeLike } from './case-queue';
import { statementOf, type CaseStore } from './case-store';

/**
 * Up to 10 values of `field` that start with `prefix`, most used first; contracts only of the
 * company named, versions only of the product named, when they are given.
 */
export function fieldSuggestions(store: CaseStore, field: CaseFieldName, prefix: string, scope: { company?: string; product?: string } = {}): string[] {
  const column = FIELD_BY_NAME[field].column;
  const within =
    field === 'contractId' && scope.company
      ? `AND ${FIELD_BY_NAME.company.column} = @company`
      : field === 'softwareVersion' && scope.product
        ? `AND ${FIELD_BY_NAME.product.column} = @product`
        : '';
  return statementOf(
    store,
    `SELECT ${column} FROM cases WHERE ${column} LIKE @prefix ESCAPE '\\' AND ${column} <> '' ${within}
     GROUP BY ${column} ORDER BY count(*) DESC, ${column} LIMIT 10`,
    'pluck',
  ).all({ prefix: `${escapeLike(prefix)}%`, company: scope.company ?? '', product: scope.product ?? '' }) as string[];
}
