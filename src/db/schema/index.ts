export * from './workspaces';
export * from './conversations';
export * from './scores';
export * from './intent-models';
export * from './reviews';
export * from './kpi-rollups';
export * from './backfill';
