/**
 * The API contract: every request and response schema (TypeBox, so one declaration is the
 * validator, the OpenAPI document and the TypeScript type) and the problem catalogue. Pure: the
 * server registers these schemas, the web app imports their types (type-only, erased by Vite).
 */
export * from './accounts.ts';
export * from './alerts.ts';
export * from './analyst.ts';
export * from './appeals.ts';
export * from './audit.ts';
export * from './bulletins.ts';
export * from './campaigns.ts';
export * from './cases.ts';
export * from './dashboard.ts';
export * from './demo.ts';
export * from './embeds.ts';
export * from './geography.ts';
export * from './images.ts';
export * from './intake.ts';
export * from './live.ts';
export * from './open-data.ts';
export * from './problem.ts';
export * from './problems.ts';
export * from './public-appeal.ts';
export * from './rewards.ts';
export * from './risk.ts';
export * from './shared.ts';
