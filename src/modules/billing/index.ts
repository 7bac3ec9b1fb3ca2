export { billingRoutes } from './billing.routes.ts';
export { BillsRepository } from './bills.repository.ts';
export { BillsService } from './bills.service.ts';
export { type CsvImportResult, importBillsCsv } from './bills-import.ts';
export { CostsService } from './costs.service.ts';
export { recomputeCosts } from './queries/recompute-costs.ts';
export { StatementsService } from './statements.service.ts';
