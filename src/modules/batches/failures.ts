import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.ts';

/** Why one item (or one matched resource) would make a batch fail. */
export interface Failure {
  status: 400 | 403 | 404 | 409;
  code: string;
  message: string;
  /** `{type}/{externalId}` */
  resource: string;
  /** the item's index in `params.items` (create) */
  index?: number;
  /** the offending request field, e.g. `params.items.3.appid` */
  field?: string;
}

/**
 * Refuses a whole batch because of its failing items: the error of the first failure (its status and
 * code), naming it, with every failure in `details.failures` (up to 100) so all can be fixed at once.
 */
export function refuse(failures: Failure[]): never {
  const [first] = failures;
  if (!first) throw new Error('refuse() needs at least one failure');
  // Resource-level messages name the resource themselves; item messages get the item's place.
  const where = first.index === undefined ? '' : `Item ${first.index} (${first.resource}): `;
  const more = failures.length > 1 ? ` ${failures.length - 1} more item(s) fail too; see details.failures.` : '';
  const message = `${where}${first.message} Nothing was changed.${more}`;
  const details: Record<string, unknown> = {
    resource: first.resource,
    ...(first.index !== undefined && { index: first.index }),
    ...(first.field !== undefined && { field: first.field }),
    failed: failures.length,
    failures: failures.slice(0, 100).map(({ status: _status, ...f }) => f),
  };
  switch (first.status) {
    case 403:
      throw new ForbiddenError(first.code, message, details);
    case 404:
      throw new NotFoundError(first.code, message, details);
    case 409:
      throw new ConflictError(first.code, message, details);
    default:
      throw new ValidationError(first.code, message, details);
  }
}
