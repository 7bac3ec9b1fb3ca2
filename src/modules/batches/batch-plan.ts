import { sameJson } from '../../shared/json.ts';
import type { AttachmentRow } from '../resources/attachments.repository.ts';
import type { ResourceRow } from '../resources/resources.repository.ts';
import type { AttachmentState, BatchChange, BatchSummary, ResourceState } from './batches.types.ts';

/** An attachment a resource should hold after the batch, with the app's tree position. */
export interface Holding {
  appId: string;
  appid: string;
  businessId: string;
  domainId: string;
  env: string;
  weight: number;
}

/**
 * What a batch wants one resource to be afterwards: its fields, status and the exact set of open
 * attachments. Every action (and a revert) is expressed as targets; `planSteps` turns them into the
 * writes and the change list, so a dry run and the applied batch cannot disagree.
 */
export interface ResourceTarget {
  key: string;
  type: string;
  externalId: string;
  tenantId: string;
  /** the row as it is now; undefined when the batch registers a new resource */
  current?: ResourceRow;
  /** its open attachments now, oldest first */
  open: AttachmentRow[];
  status: 'active' | 'deleted';
  state: ResourceState;
  /** a revert restores the exact deletion time; otherwise a deletion happens now */
  deletedAt?: string | null;
  /** open attachments afterwards (ignored when deleted) */
  attachments: Holding[];
}

/** One resource's part of a batch: which attachments close and open, and the changes shown. */
export interface Step {
  target: ResourceTarget;
  close: AttachmentRow[];
  open: Holding[];
  /** open attachments that stay open */
  keep: AttachmentRow[];
  changes: BatchChange[];
}

export function stateOf(r: Pick<ResourceRow, 'name' | 'capacity' | 'attributes' | 'labels'>): ResourceState {
  return { name: r.name, capacity: r.capacity, attributes: r.attributes, labels: r.labels };
}

export function holdingOf(a: AttachmentRow, appids: Map<string, string>): Holding {
  return {
    appId: a.app_id,
    appid: appids.get(a.app_id) ?? '',
    businessId: a.business_id,
    domainId: a.domain_id,
    env: a.env,
    weight: Number(a.weight),
  };
}

/** Attachments oldest first, ties by id, so plans are the same however the database returned them. */
export function byAttachedAt(rows: AttachmentRow[]): AttachmentRow[] {
  return [...rows].sort((a, b) => a.attached_at.localeCompare(b.attached_at) || a.id.localeCompare(b.id));
}

const slot = (appId: string, env: string, weight: number) => `${appId}\u0000${env}\u0000${Number(weight)}`;

/**
 * Pairs closing and opening attachments into moves: first those that keep their environment, then
 * those that keep their app, then any; only equal weights pair (a move preserves the weight). What
 * stays unpaired is a plain detach or attach.
 */
function pairMoves(closing: AttachmentRow[], opening: Holding[]): Array<[AttachmentRow, Holding]> {
  const pairs: Array<[AttachmentRow, Holding]> = [];
  const left = [...closing];
  const unpaired = [...opening];
  const passes: Array<(c: AttachmentRow, o: Holding) => boolean> = [(c, o) => c.env === o.env, (c, o) => c.app_id === o.appId, () => true];
  for (const fits of passes) {
    for (const o of [...unpaired]) {
      const i = left.findIndex((c) => Number(c.weight) === o.weight && fits(c, o));
      const c = left[i];
      if (!c) continue;
      pairs.push([c, o]);
      left.splice(i, 1);
      unpaired.splice(unpaired.indexOf(o), 1);
    }
  }
  return pairs;
}

/**
 * Compares each target with the resource as it is and lists the writes and the changes, in a fixed
 * order per resource: create or configure, then migrate, detach, attach, then delete. Targets that
 * change nothing produce no step. Pure: no I/O. `appids` names the apps of the open attachments.
 */
export function planSteps(targets: ResourceTarget[], appids: Map<string, string>): Step[] {
  const steps: Step[] = [];
  for (const target of targets) {
    const { current, key } = target;
    const wanted = target.status === 'active' ? target.attachments : [];
    const wantedSlots = new Set(wanted.map((h) => slot(h.appId, h.env, h.weight)));
    const openSlots = new Set(target.open.map((a) => slot(a.app_id, a.env, a.weight)));
    const close = target.open.filter((a) => !wantedSlots.has(slot(a.app_id, a.env, a.weight)));
    const keep = target.open.filter((a) => wantedSlots.has(slot(a.app_id, a.env, a.weight)));
    const open = wanted.filter((h) => !openSlots.has(slot(h.appId, h.env, h.weight)));

    const changes: BatchChange[] = [];
    const wasActive = current?.status === 'active';
    const before = current ? stateOf(current) : null;
    if (target.status === 'active' && !wasActive) {
      changes.push({ resource: key, op: 'create', before, after: target.state });
    } else if (target.status === 'active' && before && !sameJson(before, target.state)) {
      changes.push({ resource: key, op: 'configure', before, after: target.state });
    }
    const shown = (a: AttachmentRow): AttachmentState => ({ appid: appids.get(a.app_id) ?? '', env: a.env, weight: Number(a.weight) });
    const shownH = (h: Holding): AttachmentState => ({ appid: h.appid, env: h.env, weight: h.weight });
    const moves = pairMoves(close, open);
    const moved = new Set<unknown>(moves.flat());
    for (const [from, to] of moves) changes.push({ resource: key, op: 'migrate', before: shown(from), after: shownH(to) });
    for (const a of close) if (!moved.has(a)) changes.push({ resource: key, op: 'detach', before: shown(a), after: null });
    for (const h of open) if (!moved.has(h)) changes.push({ resource: key, op: 'attach', before: null, after: shownH(h) });
    if (target.status === 'deleted' && wasActive && before) changes.push({ resource: key, op: 'delete', before, after: null });

    if (changes.length > 0) steps.push({ target, close, open, keep, changes });
  }
  return steps;
}

/** Counts of changes by op, plus how many resources were selected and how many changed. */
export function summarize(changes: BatchChange[], matched: number): BatchSummary {
  const s: BatchSummary = {
    matched,
    resources: new Set(changes.map((c) => c.resource)).size,
    create: 0,
    delete: 0,
    configure: 0,
    detach: 0,
    attach: 0,
    migrate: 0,
  };
  for (const c of changes) s[c.op]++;
  return s;
}
