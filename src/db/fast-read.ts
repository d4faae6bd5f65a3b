// Whole-row reads by simple equality, for the hot read paths (DataLoaders, get-by-id): one SQL
// statement prepared once per entity and condition shape, rows turned into instances of the
// entity class (so `instanceof` and the resolvers work unchanged) with MikroORM's own type
// conversions. Measured on a checkout link: em.findOne costs ~5x the CPU of this (query builder,
// filter processing, hydration, identity map), and reads are most of what the gateway does.
//
// The rows are NOT managed by the EntityManager: read paths only. Anything that changes a row
// loads it with em.findOne inside its transaction, as before.
//
// Tenant isolation is the same as the ORM's `tenant` filter: every tenant entity is read with
// the request's organisation and mode, and a read without them throws (it never leaks).
import type { EntityManager, EntityMetadata, EntityProperty, Platform } from '@mikro-orm/core';
import { tenantEntities } from '../domain/entities/index.ts';
import { runsOnPglite } from './orm.ts';
import { selectRows } from './prepared-read.ts';
import { tallyCountSql } from './tallies.ts';

type Ctor<T> = abstract new (...args: never[]) => T;

interface Column {
  name: string;
  prop: string;
  convert: ((value: unknown) => unknown) | null;
}

interface Plan {
  /** Row -> plain object with the entity's property names, values converted. */
  build: (row: Record<string, unknown>) => object;
  table: string;
  columns: Column[];
  /** The quoted column names, comma separated. */
  columnList: string;
  select: string;
  /** The FROM clause `select` ends with. */
  from: string;
  tenant: boolean;
  prototype: object;
  /** The row as one JSON array of its columns in plan order (`"__row"`), and its builder: see jsonRows. */
  jsonSelect: string | null;
  jsonBuild: Plan['build'] | null;
}

const plans = new WeakMap<EntityMetadata, Plan>();
const TENANT = new Set<string>(tenantEntities.map((e) => e.name));
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function converter(prop: EntityProperty, platform: Platform): Column['convert'] {
  const custom = prop.customType;
  if (custom) return (v) => custom.convertToJSValue(v, platform);
  if (prop.runtimeType === 'Date') return (v) => (typeof v === 'string' ? platform.parseDate(v) : v);
  return null;
}

/**
 * A function that builds one instance of the entity class per row (one hidden class for all rows
 * of an entity and column set). The instances' prototype is not the entity's own: assigning the
 * properties through it would hit the setter MikroORM defines per property, which attaches change
 * tracking (a helper object and accessors per field) to every row and cost more than the read
 * itself. It is an object inheriting from the entity's prototype (so `instanceof` and its methods
 * work) that holds a plain writable property per column built: an assignment then makes the
 * row's own property, as an object literal would. Measured (micro-benchmark, 34 columns): ~10x
 * less CPU per row than an object literal given the entity's prototype with
 * Object.setPrototypeOf, as this was built before. Property and column names come from the
 * entity metadata and are quoted with JSON.stringify.
 */
function rowBuilder(columns: Column[], prototype: object): Plan['build'] {
  const shadow = Object.create(prototype) as object;
  for (const c of columns) Object.defineProperty(shadow, c.prop, { value: undefined, writable: true, enumerable: false, configurable: true });
  const fields = columns.map((c, i) => {
    const value = `r[${JSON.stringify(c.name)}]`;
    return `this[${JSON.stringify(c.prop)}] = ${value} == null ? null : ${c.convert ? `k[${i}](${value})` : value};`;
  });
  const Row = new Function('k', 'r', fields.join('\n')) as unknown as new (k: Column['convert'][], r: Record<string, unknown>) => object;
  Row.prototype = shadow;
  const converters = columns.map((c) => c.convert);
  return (row) => new Row(converters, row);
}

function planOf(em: EntityManager, meta: EntityMetadata): Plan {
  let plan = plans.get(meta);
  if (plan) return plan;
  const platform = em.getPlatform();
  const columns: Column[] = [];
  const prototype = meta.class.prototype as object;
  for (const prop of meta.props) {
    // Lazy properties (e.g. a webhook endpoint's secret ciphertext) stay unloaded, as em.find leaves them.
    if (prop.persist === false || prop.lazy || !(prop.kind === 'scalar' || prop.kind === 'm:1') || prop.fieldNames?.length !== 1) continue;
    columns.push({ name: prop.fieldNames[0] as string, prop: prop.name, convert: converter(prop, platform) });
  }
  plan = {
    build: rowBuilder(columns, prototype),
    table: meta.tableName,
    columns,
    columnList: columns.map((c) => quote(c.name)).join(', '),
    select: `select ${columns.map((c) => quote(c.name)).join(', ')} from ${quote(meta.tableName)}`,
    from: ` from ${quote(meta.tableName)}`,
    tenant: TENANT.has(meta.className),
    prototype,
    jsonSelect: null,
    jsonBuild: null,
  };
  if (columns.length <= MAX_ARGS) {
    plan.jsonSelect = `json_build_array(${plan.columnList}) as "__row"`;
    plan.jsonBuild = rowBuilder(
      columns.map((c, i) => ({ ...c, name: String(i) })),
      prototype,
    );
  }
  plans.set(meta, plan);
  return plan;
}

function columnOf(plan: Plan, prop: string): string {
  const column = plan.columns.find((c) => c.prop === prop);
  if (!column) throw new Error(`fast-read: ${plan.table} has no column for "${prop}"`);
  return quote(column.name);
}

export interface FastReadOptions {
  orderBy?: ReadonlyArray<readonly [string, 'asc' | 'desc']>;
  limit?: number;
  offset?: number;
  /**
   * Per-parent pages in one statement: `limit` and `offset` apply to each value of property
   * `partitionBy` (row_number() over (partition by … order by orderBy)), not to the whole result.
   */
  partitionBy?: string;
  /**
   * Also count the rows matching this condition (same tenant), in the same statement: an
   * uncorrelated subquery PostgreSQL evaluates once (an InitPlan), so a page and its total cost
   * one round trip instead of two. Read with fastFindCounted. Not with partitionBy.
   */
  countWhere?: Record<string, unknown>;
  /**
   * Also read each row's children (e.g. a link's line items with their prices and products, or
   * its plan with the plan's tiers) in the same statement, one JSON column per FastNested and row.
   * Read with fastFindCounted (NestedRows in the same order). Not with partitionBy.
   */
  nested?: readonly FastNested[];
}

const OPERATORS = { $lt: '<', $lte: '<=', $gt: '>', $gte: '>=', $ne: '<>' } as const;

function isOperators(value: unknown): value is Partial<Record<keyof typeof OPERATORS, unknown>> {
  if (value === null || typeof value !== 'object' || value instanceof Date || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k in OPERATORS && (value as Record<string, unknown>)[k] != null);
}

/**
 * Whether fastFind can express `where`: properties that equal a value, are null, are one of a
 * list, or compare with $lt/$lte/$gt/$gte/$ne. Anything else ($and, $or, relation paths) is for
 * the ORM.
 */
export function fastFindable(where: Record<string, unknown>): boolean {
  return Object.entries(where).every(
    ([k, v]) => !k.startsWith('$') && !k.includes('.') && (v === null || Array.isArray(v) || v instanceof Date || typeof v !== 'object' || isOperators(v)),
  );
}

/**
 * Rows of `entity` where every property equals its value (an array means "one of"; null means
 * IS NULL), within the request's tenant.
 */
/** The tenant's organisation and mode from the request's filter params; a read without them throws. */
function tenantOf(em: EntityManager, table: string): [string, string] {
  const tenant = em.getFilterParams('tenant') as { organisationId?: string; mode?: string } | undefined;
  if (!tenant?.organisationId || !tenant.mode) throw new Error(`fast-read: ${table} read without tenant filter params`);
  return [tenant.organisationId, tenant.mode];
}

/**
 * The WHERE conditions of `where` on `plan`'s table (columns prefixed with `alias.` when given),
 * tenant first; null when a condition can match nothing (an empty list).
 */
function conditionsOf(em: EntityManager, plan: Plan, where: Record<string, unknown>, params: unknown[], alias = ''): string[] | null {
  const conditions: string[] = [];
  const col = (prop: string) => `${alias}${columnOf(plan, prop)}`;
  if (plan.tenant) {
    conditions.push(`${col('organisation')} = ?`, `${col('mode')} = ?`);
    params.push(...tenantOf(em, plan.table));
  }
  for (const [prop, value] of Object.entries(where)) {
    const column = col(prop);
    if (value === null) conditions.push(`${column} is null`);
    else if (Array.isArray(value)) {
      if (value.length === 0) return null;
      conditions.push(`${column} in (?)`);
      params.push(value);
    } else if (isOperators(value)) {
      for (const [op, operand] of Object.entries(value)) {
        conditions.push(`${column} ${OPERATORS[op as keyof typeof OPERATORS]} ?`);
        params.push(operand);
      }
    } else {
      conditions.push(`${column} = ?`);
      params.push(value);
    }
  }
  return conditions;
}

const whereClause = (conditions: string[]) => (conditions.length > 0 ? ` where ${conditions.join(' and ')}` : '');

/**
 * The statement counting the rows of `plan`'s table matching `where` in the request's tenant (its
 * parameters appended to `params`): the table's tally when one holds that count (tallies.ts),
 * else count(*). Null when a condition can match nothing.
 */
function countOf(em: EntityManager, plan: Plan, where: Record<string, unknown>, params: unknown[]): string | null {
  const tally = plan.tenant ? tallyCountSql(plan.table, where) : null;
  if (tally) {
    params.push(...tenantOf(em, plan.table));
    return tally;
  }
  const conditions = conditionsOf(em, plan, where, params);
  return conditions === null ? null : `select count(*) from ${quote(plan.table)}${whereClause(conditions)}`;
}

function orderAndLimit(plan: Plan, options: FastReadOptions, alias = ''): string {
  let sql = '';
  if (options.orderBy?.length)
    sql += ` order by ${options.orderBy.map(([p, d]) => `${alias}${columnOf(plan, p)} ${d === 'desc' ? 'desc' : 'asc'}`).join(', ')}`;
  if (options.limit !== undefined) sql += ` limit ${Math.max(0, Math.floor(options.limit))}`;
  if (options.offset) sql += ` offset ${Math.max(0, Math.floor(options.offset))}`;
  return sql;
}

/**
 * Rows of `entity` where every property equals its value (an array means "one of"; null means
 * IS NULL), within the request's tenant.
 */
export async function fastFind<T extends object>(
  em: EntityManager,
  entity: Ctor<T>,
  where: Record<string, unknown>,
  options: FastReadOptions = {},
): Promise<T[]> {
  return (await fastFindCounted(em, entity, where, options)).rows;
}

/**
 * fastFind, and with `options.countWhere` the number of rows matching it, read in the same
 * statement. `total` is null when it was not asked for, or when the page is empty (a row carries
 * the count: the caller counts on its own then).
 */
export async function fastFindCounted<T extends object>(
  em: EntityManager,
  entity: Ctor<T>,
  where: Record<string, unknown>,
  options: FastReadOptions = {},
): Promise<{ rows: T[]; total: number | null; nested?: NestedRows[] }> {
  const meta = em.getMetadata().get(entity as never) as EntityMetadata;
  const plan = planOf(em, meta);
  // A many-to-one (`one`) read for a page of rows: its JSON once per distinct row it names (see sharedRead).
  const shared = (n: FastNested) => Boolean(n.one) && Boolean(options.orderBy?.length) && (options.limit === undefined || options.limit > 1);
  const nested =
    options.nested?.length && !options.partitionBy ? options.nested.map((n) => nestedPlanOf(em, plan, n, shared(n) ? PAGE : quote(plan.table))) : undefined;
  const params: unknown[] = [];
  // The count's parameters come first: its subquery is in the select list, before the WHERE.
  const count = options.countWhere && !options.partitionBy ? countOf(em, plan, options.countWhere, params) : undefined;
  const conditions = conditionsOf(em, plan, where, params);
  if (conditions === null) return { rows: [], total: count === null ? 0 : null, nested: nested?.map((n) => nestedCollector(n).found) };
  const isShared = options.nested?.map(shared) ?? [];
  const extra = nested ? nested.map((n, i) => (isShared[i] ? '' : `, ${n.expr} as "__nested${i}"`)).join('') : '';
  const json = jsonRows(em, plan, options) ? (plan.jsonSelect as string) : null;
  // With shared nested reads, the columns the outer statement names (sharedRead) beside the JSON row.
  const selected = json ? [json, ...(isShared.includes(true) ? sharedColumns(plan, options) : [])].join(', ') : plan.columnList;
  let sql: string;
  if (options.partitionBy) {
    const order = options.orderBy?.length ? options.orderBy.map(([p, d]) => `${columnOf(plan, p)} ${d === 'desc' ? 'desc' : 'asc'}`).join(', ') : '';
    const part = columnOf(plan, options.partitionBy);
    const from = Math.max(0, Math.floor(options.offset ?? 0));
    const to = options.limit === undefined ? null : from + Math.max(0, Math.floor(options.limit));
    const columns = plan.columns.map((c) => quote(c.name)).join(', ');
    const rowNumber = `row_number() over (partition by ${part}${order ? ` order by ${order}` : ''}) as "__rn"`;
    sql = `select ${columns} from (select ${columns}, ${rowNumber} from ${quote(plan.table)}${whereClause(conditions)}) as "__page"`;
    sql += ` where "__rn" > ${from}${to === null ? '' : ` and "__rn" <= ${to}`} order by ${part}, "__rn"`;
  } else if (count) {
    sql = `select ${selected}, (${count}) as "__total"${extra} from ${quote(plan.table)}${whereClause(conditions)}${orderAndLimit(plan, options)}`;
  } else {
    sql = (extra || json ? `select ${selected}${extra}${plan.from}` : plan.select) + whereClause(conditions) + orderAndLimit(plan, options);
  }
  if (nested && isShared.includes(true)) sql = sharedRead(plan, options, nested, isShared, sql);
  const rows = (await selectRows(em, sql, params)) as unknown as Record<string, unknown>[];
  const total = count === null ? 0 : count && rows.length > 0 ? Number(rows[0]?.__total) : null;
  const build: (row: Record<string, unknown>) => object = json
    ? (row) => (plan.jsonBuild as Plan['build'])(parseJson(row.__row) as Record<string, unknown>)
    : plan.build;
  if (!nested) return { rows: rows.map((row) => build(row) as T), total };
  const collectors = nested.map(nestedCollector);
  const refs = (options.nested ?? []).map((n) => n.prop);
  const built = rows.map((row) => {
    const parent = build(row) as T;
    collectors.forEach((c, i) =>
      c.add((parent as { id: string }).id, row[`__nested${i}`], isShared[i] ? (parent as Record<string, unknown>)[refs[i] as string] : undefined),
    );
    return parent;
  });
  for (const c of collectors) c.resolve();
  return { rows: built, total, nested: collectors.map((c) => c.found) };
}

/**
 * Whether a read gets each row as one JSON array (`"__row"`) instead of one column per field: on
 * PGlite, for pages of rows (ordered, more than one row). PGlite's wire protocol is parsed in
 * JavaScript on the gateway's thread, a copy of the bytes and a TextDecoder call per field and a
 * type parser per value: a link's 34 columns cost more there than one JSON.parse of the row
 * (profile of the Fynn list: ~20% of its CPU in PGlite's result parsing). The values are the
 * same: timestamps come as ISO text, which the Date converter parses, arrays and JSON as JSON.
 * Not on PostgreSQL: tried, and at the bench's 1,000 links and 50 connections the server's CPU per
 * list went up 5-6x (LeanRails 0.44 -> 2.06 ms, Whop 0.70 -> 4.57 ms; trace.ts, TRACE_PG_CPU),
 * for a gateway saving of ~0.2 ms. On PGlite the same lists cost less (1,000 links, 50
 * connections: LeanRails 2.40 -> 1.82, Fynn 3.17 -> 2.68, Whop 2.77 -> 2.07 CPU ms).
 */
function jsonRows(em: EntityManager, plan: Plan, options: FastReadOptions): boolean {
  return (
    plan.jsonSelect !== null &&
    !options.partitionBy &&
    Boolean(options.orderBy?.length) &&
    (options.limit === undefined || options.limit > 1) &&
    runsOnPglite(em)
  );
}

/** The columns sharedRead names on the page besides the JSON row: the order, the tenant and the shared reads' foreign keys. */
function sharedColumns(plan: Plan, options: FastReadOptions): string[] {
  const props = new Set<string>((options.orderBy ?? []).map(([p]) => p));
  if (plan.tenant) props.add('organisation').add('mode');
  for (const n of options.nested ?? []) if (n.one) props.add(n.prop);
  return [...props].map((p) => columnOf(plan, p));
}

/** The name of the page of rows in a sharedRead statement. */
const PAGE = '"__page"';

/**
 * `sql` (the page of rows, with its other nested reads and count) as a subquery, and each shared
 * (`one`) nested read's JSON selected over it only on the first row of the page naming each row:
 * the links of a page share plans (a Whop page of 10: 5 links with a plan, 3 distinct), and the
 * statement built a plan's JSON (its tiers, their items and prices) once per link, the gateway
 * parsed it once per link. The row_number() is over the page (after its LIMIT), in the page's
 * order, so the row carrying the JSON comes first; the other rows carry null and name the row by
 * their foreign key (nestedCollector's `ref`). Rows without the foreign key: one evaluation, null.
 */
function sharedRead(plan: Plan, options: FastReadOptions, nested: NestedPlan[], isShared: boolean[], sql: string): string {
  const order = (options.orderBy ?? []).map(([p, d]) => `${PAGE}.${columnOf(plan, p)} ${d === 'desc' ? 'desc' : 'asc'}`).join(', ');
  const tenant = plan.tenant ? `, ${PAGE}.${columnOf(plan, 'organisation')}, ${PAGE}.${columnOf(plan, 'mode')}` : '';
  const specs = options.nested ?? [];
  const columns = nested
    .map((n, i) => {
      const spec = specs[i];
      if (!isShared[i] || !spec) return '';
      const fk = `${PAGE}.${columnOf(plan, spec.prop)}`;
      return `, case when row_number() over (partition by ${fk}${tenant} order by ${order}) = 1 then ${n.expr} end as "__nested${i}"`;
    })
    .join('');
  return `select ${PAGE}.*${columns} from (${sql}) as ${PAGE} order by ${order}`;
}

/**
 * Children of the rows a read returns, read in the parent's statement (FastReadOptions.nested):
 * the child `entity` whose property `prop` is the parent's id, in `orderBy` order (or with `one`,
 * the row the parent's property `prop` names), each with the many-to-ones `joins` (left joins) and
 * its own `nested` children. Every level is tenant-scoped like the row above it (same
 * organisation and mode). A correlated subquery per parent row turns them into JSON: an array of
 * [child, join 1, join 2, ..., its nested] tuples (one tuple or null with `one`). That is a
 * statement and a round trip fewer than reading them after the parents, and the driver handles
 * one JSON column instead of one column per field.
 */
export interface FastNested {
  entity: Ctor<object>;
  prop: string;
  /** A many-to-one: the parent's `prop` names the child's id; one row or none, not a list. */
  one?: boolean;
  /**
   * Only these properties of the child in its JSON rows (its id always): the rows built are
   * partial, for reads whose every reader is known to need no more (see FastJoin.columns).
   */
  columns?: readonly string[];
  orderBy?: ReadonlyArray<readonly [string, 'asc' | 'desc']>;
  joins?: readonly FastJoin[];
  nested?: FastNested;
}

/** What a nested read found: each parent's children (by parent id), the distinct joined rows of each join, and the children's own nested read. */
export interface NestedRows {
  children: Map<string, object[]>;
  joined: object[][];
  nested?: NestedRows;
}

interface NestedPlan {
  /** The select-list subquery (without its alias). */
  expr: string;
  one: boolean;
  child: Plan;
  childId: string;
  /**
   * Each join's element of the tuple (the child's columns come first). A key-only join (keyRow)
   * whose key is one of the child's own columns names that column's element: it is not sent twice.
   */
  joinAt: number[];
  /** The tuple's element of the inner read. */
  innerAt: number;
  joins: Plan[];
  /** The id column of each join's table (the key of its JSON rows). */
  joinIds: string[];
  /** Row builders of the child and of each join, over the JSON rows as selected (jsonRow). */
  childBuild: Plan['build'];
  joinBuilds: Plan['build'][];
  /** Whether a join's element of the tuple is keyRow's bare key (its builder takes it as `{ 0: key }`), not its row. */
  joinKeyOnly: boolean[];
  inner?: NestedPlan;
}

const nestedPlans = new WeakMap<Plan, WeakMap<FastNested, Map<string, NestedPlan>>>();

/** pg and PGlite parse json columns; a driver that does not leaves the text. */
const parseJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

/** PostgreSQL functions take at most 100 arguments: wider rows go as to_json (keyed by column name). */
const MAX_ARGS = 100;

/** A row in a nested read's tuple: its SQL, its builder, where its id is. */
interface JsonRow {
  sql: string;
  build: Plan['build'];
  id: string;
  /** The column expressions of json_build_array's array (null for to_json). */
  values: string[] | null;
  /** keyRow: `sql` is the bare key, not an array. */
  key?: true;
}

/**
 * A row of `plan` under `alias` as JSON: an array of its columns in plan order (no column names
 * to write, send and parse: measured ~15% less server time than to_json on the line-item read),
 * null for no row (a joined row's id is null). Wider tables: to_json, keyed by column name.
 */
function jsonRow(plan: Plan, alias: string, only?: readonly string[]): JsonRow {
  const columns = only ? plan.columns.filter((c) => c.prop === 'id' || only.includes(c.prop)) : plan.columns;
  if (only) for (const prop of only) columnOf(plan, prop); // an unknown property throws
  const id = columns.findIndex((c) => c.prop === 'id');
  if (columns.length > MAX_ARGS) return { sql: `to_json(${alias})`, build: plan.build, id: (columns[id] as Column).name, values: null };
  const values = columns.map((c) => `${alias}.${quote(c.name)}`);
  return {
    values,
    sql: `case when ${alias}.${columnOf(plan, 'id')} is null then null else json_build_array(${values.join(', ')}) end`,
    build: rowBuilder(
      columns.map((c, i) => ({ ...c, name: String(i) })),
      plan.prototype,
    ),
    id: String(id),
  };
}

/**
 * A joined row that is its id alone, taken from the foreign key `key` of the child instead of a
 * join: a foreign key constraint keeps it naming a row that exists, and the writes one of the
 * same tenant. Measured on the Fynn list (10 links, 20 items, PostgreSQL): the price and product
 * joins were half the statement's time (0.45 of 0.55 ms), as hash joins rebuilt per link, or per
 * item scans of the tenant's catalog before an ANALYZE. The tuple holds the bare key (null: no
 * row), which the collector hands the builder as a one-element row.
 */
function keyRow(plan: Plan, key: string): JsonRow {
  const id = plan.columns.find((c) => c.prop === 'id') as Column;
  return { sql: key, build: rowBuilder([{ ...id, name: '0' }], plan.prototype), id: '0', values: null, key: true };
}

/** Gathers a nested read's JSON of each parent row: children by parent id, each row built once. */
function nestedCollector(plan: NestedPlan): {
  found: NestedRows;
  /** A parent's JSON; for a shared read (sharedRead), `ref` is the parent's foreign key, and a null JSON means "as the row naming the same". */
  add: (parentId: string, value: unknown, ref?: unknown) => void;
  /** Gives the parents of a shared read whose JSON was on another row theirs (after the last add). */
  resolve: () => void;
} {
  const inner = plan.inner && nestedCollector(plan.inner);
  const found: NestedRows = { children: new Map(), joined: plan.joins.map(() => []), ...(inner ? { nested: inner.found } : {}) };
  const seen = plan.joins.map(() => new Set<unknown>());
  // With `one`, parents share rows (links of one plan): each is built, and its nested read kept, once.
  const built = new Map<unknown, object>();
  const pending: [object[], unknown][] = [];
  const add = (parentId: string, value: unknown, ref?: unknown) => {
    const children: object[] = [];
    found.children.set(parentId, children);
    const parsed = parseJson(value);
    if (parsed == null && ref != null) {
      pending.push([children, ref]);
      return;
    }
    const tuples = (plan.one ? (parsed == null ? [] : [parsed]) : (parsed ?? [])) as (Record<string, unknown> | null)[][];
    for (const tuple of tuples) {
      const row = tuple as unknown as Record<string, unknown>;
      const id = row[plan.childId];
      const known = plan.one ? built.get(id) : undefined;
      if (known) {
        children.push(known);
        continue;
      }
      const child = plan.childBuild(row);
      if (plan.one) built.set(id, child);
      children.push(child);
      for (let i = 0; i < plan.joins.length; i++) {
        // A key-only join's element is the key itself: its row is made only for a key not seen yet.
        const value = tuple[plan.joinAt[i] as number];
        const keyOnly = plan.joinKeyOnly[i] === true;
        const joinedId = keyOnly ? value : (value as Record<string, unknown> | null)?.[plan.joinIds[i] as string];
        const seenIds = seen[i] as Set<unknown>;
        if (joinedId == null || seenIds.has(joinedId)) continue;
        seenIds.add(joinedId);
        const joinedRow = (keyOnly ? { 0: value } : value) as Record<string, unknown>;
        (found.joined[i] as object[]).push((plan.joinBuilds[i] as Plan['build'])(joinedRow));
      }
      inner?.add(id as string, tuple[plan.innerAt]);
    }
  };
  const resolve = () => {
    for (const [children, ref] of pending) {
      const known = built.get(ref);
      if (known) children.push(known);
    }
    pending.length = 0;
    inner?.resolve();
  };
  return { found, add, resolve };
}

/** The nested read under `parent`'s rows, which the statement names `alias`; `depth` keeps its aliases apart from the levels above. */
function nestedPlanOf(em: EntityManager, parent: Plan, nested: FastNested, alias: string, depth = 0): NestedPlan {
  let bySpec = nestedPlans.get(parent);
  if (!bySpec) nestedPlans.set(parent, (bySpec = new WeakMap()));
  let byAlias = bySpec.get(nested);
  if (!byAlias) bySpec.set(nested, (byAlias = new Map()));
  const cached = byAlias.get(alias);
  if (cached) return cached;
  const metadata = em.getMetadata();
  const child = planOf(em, metadata.get(nested.entity as never) as EntityMetadata);
  if (child.tenant !== parent.tenant) throw new Error(`fast-read: ${child.table} and ${parent.table} differ in tenancy`);
  const a = `n${depth}_0`;
  const outer = (prop: string) => `${alias}.${columnOf(parent, prop)}`;
  const where = [nested.one ? `${a}.${columnOf(child, 'id')} = ${outer(nested.prop)}` : `${a}.${columnOf(child, nested.prop)} = ${outer('id')}`];
  if (child.tenant) where.push(`${a}.${columnOf(child, 'organisation')} = ${outer('organisation')}`, `${a}.${columnOf(child, 'mode')} = ${outer('mode')}`);
  const from = `${quote(child.table)} ${a}`;
  // Timestamps come as ISO text in JSON, which the Date converter parses.
  const joinedRows = (nested.joins ?? []).map((join, i) => {
    const plan = planOf(em, metadata.get(join.entity as never) as EntityMetadata);
    const j = `n${depth}_${i + 1}`;
    if (plan.tenant && !child.tenant) throw new Error(`fast-read: ${plan.table} joined to a table without tenant`);
    const key = `${a}.${columnOf(child, join.prop)}`;
    if (join.columns?.length === 0) return { plan, row: keyRow(plan, key) }; // the id alone: no join
    const tenant = plan.tenant
      ? ` and ${j}.${columnOf(plan, 'organisation')} = ${a}.${columnOf(child, 'organisation')} and ${j}.${columnOf(plan, 'mode')} = ${a}.${columnOf(child, 'mode')}`
      : '';
    // A scalar subquery per child row, not a left join: one probe of the joined table's primary
    // key, and none for a null key. As a join inside each parent's subquery, PostgreSQL built a
    // hash of the table (the tenant's plans) for every parent row, or scanned the tenant's rows
    // per child. Measured with pgbench on the Fynn list's statement (1,000 links, 10 a page, their
    // items' plans): 0.21 -> 0.19 ms.
    const row = jsonRow(plan, j, join.columns);
    return { plan, row: { ...row, sql: `(select ${row.sql} from ${quote(plan.table)} ${j} where ${j}.${columnOf(plan, 'id')} = ${key}${tenant})` } };
  });
  const joins = joinedRows.map((r) => r.plan);
  const inner = nested.nested ? nestedPlanOf(em, child, nested.nested, a, depth + 1) : undefined;
  const own = jsonRow(child, a, nested.columns);
  const joined = joinedRows.map((r) => r.row);
  // One flat array per child row: its columns, then each join's, then its inner read (the child's
  // values spread, a key as a bare value) rather than an array per row: measured with pgbench on
  // the Fynn list's statement (10 links, 20 items), 0.21 -> 0.18 ms. A child too wide for one
  // json_build_array (no entity is near it) is refused where the read is planned.
  if (own.values === null || own.values.length + joined.length + (inner ? 1 : 0) > MAX_ARGS)
    throw new Error(`fast-read: a nested ${child.table} row is wider than json_build_array's ${MAX_ARGS} arguments`);
  const parts = [...own.values];
  // A key-only join reads its key from the child's own element when the tuple holds it (a line
  // item's price_id and product_id): 2 of a Fynn list item's 16 values were sent twice. pgbench
  // on that statement: 0.34 -> 0.30 ms in one run, inside the machine's noise in others.
  const joinAt = joined.map((r) => {
    const at = r.key ? parts.indexOf(r.sql) : -1;
    if (at !== -1) return at;
    parts.push(r.sql);
    return parts.length - 1;
  });
  const innerAt = parts.length;
  if (inner) parts.push(inner.expr);
  const tuple = `json_build_array(${parts.join(', ')})`;
  const tail = `from ${from} where ${where.join(' and ')}`;
  let expr: string;
  if (nested.one) expr = `(select ${tuple} ${tail})`;
  else {
    const order = (nested.orderBy ?? []).map(([p, d]) => `${a}.${columnOf(child, p)} ${d === 'desc' ? 'desc' : 'asc'}`).join(', ');
    expr = `(select coalesce(json_agg(${tuple}${order ? ` order by ${order}` : ''}), '[]'::json) ${tail})`;
  }
  const plan: NestedPlan = {
    expr,
    one: Boolean(nested.one),
    child,
    childId: own.id,
    joinAt,
    innerAt,
    joins,
    joinIds: joined.map((r) => r.id),
    childBuild: own.build,
    joinBuilds: joined.map((r) => r.build),
    joinKeyOnly: joined.map((r) => r.key === true),
    ...(inner ? { inner } : {}),
  };
  byAlias.set(alias, plan);
  return plan;
}

/** A many-to-one of the base entity read in the same statement: `prop` (a foreign key column) -> `entity`. */
export interface FastJoin {
  prop: string;
  entity: Ctor<object>;
  /**
   * Only these properties of the joined rows (their id always), in a nested read's JSON: fewer
   * values for the database to build and the gateway to parse. The rows built are partial
   * instances: only for a read whose every reader is known to need no more. None (`[]`): the id
   * alone, which is the child's foreign key, so the row is not joined at all (keyRow).
   */
  columns?: readonly string[];
}

interface JoinedPlan {
  sql: string;
  base: Plan;
  /** Builds the base row from the prefixed columns (t0_...). */
  build: Plan['build'];
  joins: { plan: Plan; build: Plan['build']; idColumn: string }[];
}

const joinedPlans = new WeakMap<EntityMetadata, Map<string, JoinedPlan>>();

/** A row builder over the columns as selected under `prefix` (`t1_unit_amount`, ...). */
const prefixedBuilder = (plan: Plan, prefix: string) =>
  rowBuilder(
    plan.columns.map((c) => ({ ...c, name: `${prefix}${c.name}` })),
    plan.prototype,
  );

function joinedPlanOf(em: EntityManager, meta: EntityMetadata, joins: readonly FastJoin[]): JoinedPlan {
  let byJoins = joinedPlans.get(meta);
  if (!byJoins) joinedPlans.set(meta, (byJoins = new Map()));
  const key = joins.map((j) => j.prop).join(',');
  const cached = byJoins.get(key);
  if (cached) return cached;
  const base = planOf(em, meta);
  const metadata = em.getMetadata();
  const columns = (plan: Plan, alias: string) => plan.columns.map((c) => `${alias}.${quote(c.name)} as ${quote(`${alias}_${c.name}`)}`);
  const select = [...columns(base, 't0')];
  const from = [`${quote(base.table)} t0`];
  const built: JoinedPlan['joins'] = [];
  joins.forEach((join, i) => {
    const plan = planOf(em, metadata.get(join.entity as never) as EntityMetadata);
    const alias = `t${i + 1}`;
    select.push(...columns(plan, alias));
    // The joined row must be the tenant's too: same organisation and mode as the base row.
    const tenant =
      plan.tenant && base.tenant
        ? ` and ${alias}.${columnOf(plan, 'organisation')} = t0.${columnOf(base, 'organisation')} and ${alias}.${columnOf(plan, 'mode')} = t0.${columnOf(base, 'mode')}`
        : '';
    if (plan.tenant && !base.tenant) throw new Error(`fast-read: ${plan.table} joined to a table without tenant`);
    from.push(`left join ${quote(plan.table)} ${alias} on ${alias}.${columnOf(plan, 'id')} = t0.${columnOf(base, join.prop)}${tenant}`);
    built.push({ plan, build: prefixedBuilder(plan, `${alias}_`), idColumn: `${alias}_${(plan.columns.find((c) => c.prop === 'id') as Column).name}` });
  });
  const joined: JoinedPlan = { sql: `select ${select.join(', ')} from ${from.join(' ')}`, base, build: prefixedBuilder(base, 't0_'), joins: built };
  byJoins.set(key, joined);
  return joined;
}

/**
 * fastFind with many-to-ones read in the same statement (left joins, tenant-scoped like the base
 * rows): the base rows, and for each join the distinct rows it found (for priming DataLoaders).
 */
export async function fastFindJoined<T extends object>(
  em: EntityManager,
  entity: Ctor<T>,
  where: Record<string, unknown>,
  joins: readonly FastJoin[],
  options: FastReadOptions = {},
): Promise<{ rows: T[]; joined: object[][] }> {
  const meta = em.getMetadata().get(entity as never) as EntityMetadata;
  const plan = joinedPlanOf(em, meta, joins);
  const params: unknown[] = [];
  const conditions = conditionsOf(em, plan.base, where, params, 't0.');
  const joined: object[][] = joins.map(() => []);
  if (conditions === null) return { rows: [], joined };
  let sql = plan.sql;
  if (conditions.length > 0) sql += ` where ${conditions.join(' and ')}`;
  sql += orderAndLimit(plan.base, options, 't0.');
  const result = (await selectRows(em, sql, params)) as unknown as Record<string, unknown>[];
  const seen = plan.joins.map(() => new Set<unknown>());
  const rows = result.map((row) => {
    plan.joins.forEach((join, i) => {
      const id = row[join.idColumn];
      if (id == null || (seen[i] as Set<unknown>).has(id)) return;
      (seen[i] as Set<unknown>).add(id);
      (joined[i] as object[]).push(join.build(row));
    });
    return plan.build(row) as T;
  });
  return { rows, joined };
}

/** A one-to-many read with its parent: the child `entity` whose property `prop` is the parent's id. */
export interface FastChildren {
  entity: Ctor<object>;
  prop: string;
  orderBy: ReadonlyArray<readonly [string, 'asc' | 'desc']>;
  /** The children's own children, read in the same statement (e.g. a plan's tiers' items): see FastNested. */
  nested?: FastNested;
}

interface ChildrenPlan {
  /** The select list and the FROM clause (a nested read's column goes between). */
  select: string;
  from: string;
  parent: Plan;
  child: Plan;
  buildParent: Plan['build'];
  buildChild: Plan['build'];
  parentId: string;
  childId: string;
}

const childPlans = new WeakMap<EntityMetadata, Map<EntityMetadata, ChildrenPlan>>();
const idColumn = (plan: Plan, alias: string) => `${alias}_${(plan.columns.find((c) => c.prop === 'id') as Column).name}`;

/**
 * Rows of `entity` matching `where` (as fastFind) with their children in the same statement (a
 * left join, tenant-scoped like the parent rows): e.g. plans with their tiers. The parent rows in
 * order of first appearance, and each parent's children in `children.orderBy` order (a parent
 * without children: an empty list).
 */
export async function fastFindWithChildren<T extends { id: string }, C extends object>(
  em: EntityManager,
  entity: Ctor<T>,
  where: Record<string, unknown>,
  children: FastChildren & { entity: Ctor<C> },
): Promise<{ rows: T[]; children: Map<string, C[]>; nested?: NestedRows }> {
  const metadata = em.getMetadata();
  const meta = metadata.get(entity as never) as EntityMetadata;
  const childMeta = metadata.get(children.entity as never) as EntityMetadata;
  let byChild = childPlans.get(meta);
  if (!byChild) childPlans.set(meta, (byChild = new Map()));
  let plan = byChild.get(childMeta);
  if (!plan) {
    const parent = planOf(em, meta);
    const child = planOf(em, childMeta);
    if (child.tenant !== parent.tenant) throw new Error(`fast-read: ${child.table} and ${parent.table} differ in tenancy`);
    const columns = (p: Plan, alias: string) => p.columns.map((c) => `${alias}.${quote(c.name)} as ${quote(`${alias}_${c.name}`)}`);
    const tenant = child.tenant
      ? ` and t1.${columnOf(child, 'organisation')} = t0.${columnOf(parent, 'organisation')} and t1.${columnOf(child, 'mode')} = t0.${columnOf(parent, 'mode')}`
      : '';
    plan = {
      select: `select ${[...columns(parent, 't0'), ...columns(child, 't1')].join(', ')}`,
      from: ` from ${quote(parent.table)} t0 left join ${quote(child.table)} t1 on t1.${columnOf(child, children.prop)} = t0.${columnOf(parent, 'id')}${tenant}`,
      parent,
      child,
      buildParent: prefixedBuilder(parent, 't0_'),
      buildChild: prefixedBuilder(child, 't1_'),
      parentId: idColumn(parent, 't0'),
      childId: idColumn(child, 't1'),
    };
    byChild.set(childMeta, plan);
  }
  const params: unknown[] = [];
  const conditions = conditionsOf(em, plan.parent, where, params, 't0.');
  const found = new Map<string, C[]>();
  const nested = children.nested ? nestedPlanOf(em, plan.child, children.nested, 't1') : undefined;
  if (conditions === null) return { rows: [], children: found, nested: nested && nestedCollector(nested).found };
  const { parent, child } = plan;
  const order = [`t0.${columnOf(parent, 'id')} asc`];
  for (const [p, d] of children.orderBy) order.push(`t1.${columnOf(child, p)} ${d === 'desc' ? 'desc' : 'asc'}`);
  const select = nested ? `${plan.select}, ${nested.expr} as "__nested"` : plan.select;
  const sql = `${select}${plan.from}${conditions.length > 0 ? ` where ${conditions.join(' and ')}` : ''} order by ${order.join(', ')}`;
  const result = (await selectRows(em, sql, params)) as unknown as Record<string, unknown>[];
  const rows: T[] = [];
  const collect = nested && nestedCollector(nested);
  for (const row of result) {
    const id = row[plan.parentId] as string;
    let list = found.get(id);
    if (!list) {
      found.set(id, (list = []));
      rows.push(plan.buildParent(row) as T);
    }
    const childId = row[plan.childId] as string | null;
    if (childId == null) continue;
    list.push(plan.buildChild(row) as C);
    collect?.add(childId, row.__nested);
  }
  return { rows, children: found, nested: collect?.found };
}

/** Row counts of `entity` matching `where`, per value of property `groupBy` (absent = 0). */
export async function fastCountBy<T extends object>(
  em: EntityManager,
  entity: Ctor<T>,
  where: Record<string, unknown>,
  groupBy: string,
): Promise<Map<string, number>> {
  const meta = em.getMetadata().get(entity as never) as EntityMetadata;
  const plan = planOf(em, meta);
  const params: unknown[] = [];
  const conditions = conditionsOf(em, plan, where, params);
  if (conditions === null) return new Map();
  const column = columnOf(plan, groupBy);
  const sql = `select ${column} as "key", count(*) as "n" from ${quote(plan.table)}${whereClause(conditions)} group by ${column}`;
  const rows = (await selectRows(em, sql, params)) as unknown as { key: string; n: number | string }[];
  return new Map(rows.map((r) => [String(r.key), Number(r.n)]));
}

/** The number of rows of `entity` matching `where` (fastFindable), within the request's tenant. */
export async function fastCount<T extends object>(em: EntityManager, entity: Ctor<T>, where: Record<string, unknown>): Promise<number> {
  const meta = em.getMetadata().get(entity as never) as EntityMetadata;
  const plan = planOf(em, meta);
  const params: unknown[] = [];
  const count = countOf(em, plan, where, params);
  if (count === null) return 0;
  const sql = `select (${count}) as "n"`;
  const rows = (await selectRows(em, sql, params)) as unknown as { n: number | string }[];
  return Number(rows[0]?.n ?? 0);
}

/** The first row of `entity` where every property equals its value, or null (see fastFind). */
export async function fastFindOne<T extends object>(em: EntityManager, entity: Ctor<T>, where: Record<string, unknown>): Promise<T | null> {
  return (await fastFind(em, entity, where, { limit: 1 }))[0] ?? null;
}
