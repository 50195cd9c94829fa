import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One registry per process, with Node's own metrics (memory, event-loop lag, GC, handles) beside
 * Parley's. No metric carries a workspace, a conversation or any text: labels are routes, states,
 * stages and job names only, so cardinality stays fixed and nothing of a customer reaches Prometheus.
 */
export function createRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'parley_' });
  return registry;
}
