/** Dimensions a KPI can be grouped by; `attr.KEY` groups by any attribute. */
export const KPI_DIMENSIONS = ['channel', 'source', 'language', 'handledBy', 'intent', 'agent', 'team'] as const;
export type KpiDimension = (typeof KPI_DIMENSIONS)[number] | `attr.${string}`;
export const KPI_INTERVALS = ['hour', 'day', 'week', 'month'] as const;
export type KpiInterval = (typeof KPI_INTERVALS)[number];
