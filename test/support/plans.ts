// EXPLAIN (FORMAT JSON) plans in a transaction that is always rolled back, so that a test may
// change what the planner sees (drop an index, set plan_cache_mode) without leaving a trace.
import type { Orm } from '../../src/db/orm.ts';

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Subplan Name'?: string;
  Plans?: PlanNode[];
}

/** Every node of a plan, depth first. */
export function planNodes(node: PlanNode, into: PlanNode[] = []): PlanNode[] {
  into.push(node);
  for (const child of node.Plans ?? []) planNodes(child, into);
  return into;
}

export type RunSql = (sql: string, params?: readonly unknown[]) => Promise<unknown[]>;

const ROLLBACK = new Error('rollback');

/**
 * Runs `work` in a transaction rolled back afterwards; `run` sends a statement in it, `explain`
 * gives the plan of one (EXPLAIN without ANALYZE: nothing runs).
 */
export async function inRolledBackTransaction(
  orm: Orm,
  work: (tools: { run: RunSql; explain: (sql: string, params?: readonly unknown[]) => Promise<PlanNode> }) => Promise<void>,
): Promise<void> {
  await orm.em
    .fork()
    .transactional(async (tem) => {
      const connection = tem.getConnection();
      const run: RunSql = async (sql, params = []) => (await connection.execute(sql, [...params], 'all', tem.getTransactionContext())) as unknown[];
      const explain = async (sql: string, params: readonly unknown[] = []) => {
        const [row] = (await run(`explain (format json) ${sql}`, params)) as { 'QUERY PLAN': unknown }[];
        const raw = row!['QUERY PLAN'];
        return ((typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[])[0]!.Plan;
      };
      await work({ run, explain });
      throw ROLLBACK;
    })
    .catch((error) => {
      if (error !== ROLLBACK) throw error;
    });
}
