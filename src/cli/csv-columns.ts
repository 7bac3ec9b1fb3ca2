import type { ResourceInput } from '../modules/resources/resources.types.ts';

/**
 * The CSV layout of `appmeta resources import`: a header row naming the columns, in any order.
 * Empty cells are left out of the item, so a stored value is kept (a row with no `label.*` value
 * keeps the resource's labels; one with any replaces them all, as the API does).
 */
export const CSV_COLUMNS_HELP = [
  'type, externalId     required',
  'name                 display name (default: the externalId)',
  'capacity.<dim>       a number per capacity dimension of the type, e.g. capacity.cpu',
  'label.<key>          a label, e.g. label.team',
  'attr.<key>           a string attribute, e.g. attr.zone',
  'appid, env, weight   attach to exactly this one app+env (weight: integer share, default 1);',
  '                     rows with appid and env empty keep their current attachments',
];

/** A problem with one row or the header; the reader turns it into `file_malformed` with the line number. */
export class RowError extends Error {}

const COLUMN_LIST = 'type, externalId, name, capacity.<dim>, label.<key>, attr.<key>, appid, env, weight';
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^\d+$/;

type Setter = (item: ResourceInput, value: string) => void;

function map<K extends 'capacity' | 'labels' | 'attributes'>(item: ResourceInput, field: K): NonNullable<ResourceInput[K]> {
  item[field] ??= {};
  return item[field] as NonNullable<ResourceInput[K]>;
}

function setterFor(column: string): Setter | undefined {
  const dot = column.indexOf('.');
  const prefix = dot > 0 ? column.slice(0, dot) : column;
  const key = column.slice(dot + 1);
  if (dot > 0 && key.length > 0) {
    if (prefix === 'capacity')
      return (item, value) => {
        if (!NUMBER.test(value.trim())) throw new RowError(`${column} "${value}" is not a number`);
        map(item, 'capacity')[key] = Number(value.trim());
      };
    if (prefix === 'label')
      return (item, value) => {
        map(item, 'labels')[key] = value;
      };
    if (prefix === 'attr')
      return (item, value) => {
        map(item, 'attributes')[key] = value;
      };
    return undefined;
  }
  if (column === 'type')
    return (item, value) => {
      item.type = value;
    };
  if (column === 'externalId')
    return (item, value) => {
      item.externalId = value;
    };
  if (column === 'name')
    return (item, value) => {
      item.name = value;
    };
  return undefined;
}

/** Turns records into items for one header. */
export interface RowMapper {
  /** @throws RowError */
  toItem(fields: string[]): ResourceInput;
}

/**
 * Reads the header row and returns the mapper for the rows after it.
 * @throws RowError for a missing required column, an unknown or repeated one
 */
export function csvHeader(header: string[]): RowMapper {
  const names = header.map((h) => h.trim());
  const seen = new Set<string>();
  const setters: Array<Setter | undefined> = [];
  const at = { appid: -1, env: -1, weight: -1 };
  names.forEach((name, i) => {
    if (seen.has(name)) throw new RowError(`column "${name}" appears twice in the header`);
    seen.add(name);
    if (name === 'appid' || name === 'env' || name === 'weight') {
      at[name] = i;
      setters.push(undefined);
      return;
    }
    const setter = setterFor(name);
    if (!setter) throw new RowError(`unknown column "${name}"; the columns are ${COLUMN_LIST}`);
    setters.push(setter);
  });
  for (const required of ['type', 'externalId']) if (!seen.has(required)) throw new RowError(`the header has no "${required}" column`);
  if (at.appid < 0 !== at.env < 0) throw new RowError('columns "appid" and "env" go together: the header has only one of them');
  if (at.weight >= 0 && at.appid < 0) throw new RowError('column "weight" needs the "appid" and "env" columns');

  return {
    toItem(fields) {
      if (fields.length !== names.length) throw new RowError(`${fields.length} fields, but the header has ${names.length} columns`);
      const item: ResourceInput = { type: '', externalId: '' };
      fields.forEach((value, i) => {
        if (value !== '') setters[i]?.(item, value);
      });
      if (item.type === '') throw new RowError('type is empty');
      if (item.externalId === '') throw new RowError('externalId is empty');
      const appid = fields[at.appid] ?? '';
      const env = fields[at.env] ?? '';
      const weight = fields[at.weight] ?? '';
      if ((appid === '') !== (env === '')) throw new RowError('appid and env must both be given (to attach) or both be empty');
      if (weight !== '' && appid === '') throw new RowError('a weight needs an appid and env');
      if (weight !== '' && !INTEGER.test(weight.trim())) throw new RowError(`weight "${weight}" is not a whole number`);
      if (appid !== '') item.attach = [{ appid, env, ...(weight !== '' && { weight: Number(weight.trim()) }) }];
      return item;
    },
  };
}
