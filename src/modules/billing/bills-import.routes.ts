import type { Readable } from 'node:stream';
import { z } from 'zod';
import { errorBody, errors } from '../../http/schemas.ts';
import type { ZodApp } from '../../http/zod-app.ts';
import { AppError } from '../../shared/errors.ts';
import type { BillsService } from './bills.service.ts';
import { importBillsCsv, MAX_REPORTED_REJECTIONS } from './bills-import.ts';

const importOut = z
  .object({
    rows: z.number().describe('data rows read (the header row is not counted)'),
    chunks: z.number().describe('atomic calls of 50,000 rows each (the last one fewer) the file was booked in'),
    ingestIds: z.array(z.string()).describe('one per chunk: the id of its audit row and of its stored rejections'),
    accepted: z.number(),
    duplicates: z.number().describe('rows whose BillId this tenant had already pushed: not counted again'),
    rejected: z
      .array(
        z.object({
          line: z.number().describe('the data row: 1 is the first row after the header'),
          billId: z.string().nullable(),
          code: z.string(),
          message: z.string(),
        }),
      )
      .describe(`the first ${MAX_REPORTED_REJECTIONS} rejections by row; all are stored (GET /api/v1/bills/rejections)`),
    rejectedCount: z.number().describe('how many rows were rejected in all'),
    ignoredColumns: z.array(z.string()).describe('header columns neither read nor kept (only x_ columns are kept)'),
  })
  .meta({ id: 'BillImportResult' });

/**
 * `POST /api/v1/bills/import`: a FOCUS CSV as exported, streamed. It lives in its own encapsulated
 * scope so that `text/csv` reaches this route as the raw request stream (no other route parses CSV,
 * and this one takes nothing else: any other content type is a 415). No body limit applies: the
 * stream is read as it arrives and at most one chunk of 50,000 rows is held in memory.
 */
export function billsImportRoutes(app: ZodApp, bills: BillsService): void {
  app.register(async (scope: ZodApp) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('text/csv', (_req, payload, done) => done(null, payload));
    scope.post(
      '/api/v1/bills/import',
      {
        config: { access: 'authenticated', permission: 'a tenant, for its own resources' },
        schema: {
          tags: ['billing'],
          summary:
            'Import a FOCUS CSV of any size (Content-Type: text/csv), streamed and booked in atomic chunks of 50,000 rows; ' +
            'the summed result. A CSV error stops the import: the chunks before it stay booked (re-sending is safe)',
          response: { 200: importOut, ...errors(400, 403), 415: errorBody },
        },
      },
      async (req, reply) => {
        const body = req.body as Readable | undefined;
        const charset = /charset=([^;\s]+)/i
          .exec(req.headers['content-type'] ?? '')?.[1]
          ?.replace(/"/g, '')
          .toLowerCase();
        if (!body || typeof body.pipe !== 'function' || (charset && charset !== 'utf-8' && charset !== 'utf8')) {
          throw new AppError(415, 'unsupported_media_type', 'Send the FOCUS CSV as the body with Content-Type: text/csv (UTF-8).');
        }
        try {
          return await importBillsCsv(bills, req.ctx, body);
        } catch (err) {
          // The client may still be sending: drop the rest of the body and close the connection
          // after the answer, rather than leave a half-read request on a kept-alive socket.
          if (!body.readableEnded) {
            reply.header('connection', 'close');
            body.resume();
          }
          throw err;
        }
      },
    );
  });
}
