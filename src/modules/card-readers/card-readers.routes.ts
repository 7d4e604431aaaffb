import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context.ts';
import { actingOf, actorOf, requireRoles } from '../../core/auth.ts';
import { bearerSecurity, errorResponses } from '../../core/schemas.ts';
import { wibDay } from '../../lib/time.ts';
import { cardReaderPolicy } from './card-readers.policy.ts';
import type { SamCard } from './card-readers.repo.ts';
import {
  activateSam,
  configUploadInput,
  confirmSamConfig,
  deactivateInput,
  deactivateSam,
  findReturnTasks,
  findSams,
  getSamConfigFile,
  getSamWithTrail,
  personaliseInput,
  personaliseSam,
  recordSifilmaAnswer,
  requestSam,
  sifilmaAnswerInput,
  uploadSamConfig,
} from './sams.service.ts';
import { pendingSifilmaRequests, sifilmaCsv, sifilmaPdf } from './sifilma.ts';
import {
  findWorkUnits,
  readerInput,
  registerReader,
  registerWorkUnit,
  workUnitInput,
} from './work-units.service.ts';
import {
  idParams,
  SAM_STATES,
  readerView,
  workUnitView,
  samView,
  samEvent,
  returnTask,
} from './card-readers.schema.ts';

/** The SAM as answered: never the key itself, only its fingerprint. */
const viewOf = ({ publicKey: _key, ...rest }: SamCard) => rest;

export function cardReaderRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const meta = { tags: ['card readers'], security: bearerSecurity };
    const { read, register, registry } = cardReaderPolicy;

    app.post(
      '/v1/institutions/:id/work-units',
      {
        onRequest: requireRoles(ctx, register),
        schema: {
          ...meta,
          summary: 'Register a work unit of the institution (name, address, region)',
          params: idParams,
          body: workUnitInput,
          response: { 201: workUnitView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(ctx, request);
        return reply.code(201).send(
          await registerWorkUnit({ db: ctx.db, now: acting.now }, acting.actor, {
            institutionId: request.params.id,
            ...request.body,
          }),
        );
      },
    );
    app.get(
      '/v1/institutions/:id/work-units',
      {
        onRequest: requireRoles(ctx, read),
        schema: {
          ...meta,
          summary: 'The institution’s work units, each with its KTP-el card readers',
          params: idParams,
          response: {
            200: z.object({ items: z.array(workUnitView.extend({ readers: z.array(readerView) })) }),
            ...errorResponses,
          },
        },
      },
      async (request) => ({
        items: await findWorkUnits(
          { db: ctx.db, now: ctx.clock() },
          await actorOf(ctx, request),
          request.params.id,
        ),
      }),
    );
    app.post(
      '/v1/work-units/:id/card-readers',
      {
        onRequest: requireRoles(ctx, register),
        schema: {
          ...meta,
          summary: 'Register a KTP-el card reader of a work unit (serial, vendor, model, procurement date)',
          params: idParams,
          body: readerInput,
          response: { 201: readerView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(ctx, request);
        return reply.code(201).send(
          await registerReader({ db: ctx.db, now: acting.now }, acting.actor, {
            workUnitId: request.params.id,
            ...request.body,
          }),
        );
      },
    );
    app.post(
      '/v1/card-readers/:id/sams',
      {
        onRequest: requireRoles(ctx, register),
        schema: {
          ...meta,
          summary: 'Request a SAM card for a reader (goes to SIFILMA with the next export)',
          params: idParams,
          response: { 201: samView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const acting = await actingOf(ctx, request);
        return reply
          .code(201)
          .send(viewOf(await requestSam({ db: ctx.db, now: acting.now }, acting.actor, request.params.id)));
      },
    );
    app.get(
      '/v1/sams',
      {
        onRequest: requireRoles(ctx, read),
        schema: {
          ...meta,
          summary: 'SAM cards in scope, optionally of one institution or state',
          querystring: z.object({
            institutionId: z.string().max(64).optional(),
            state: z.enum(SAM_STATES).optional(),
          }),
          response: { 200: z.object({ items: z.array(samView) }), ...errorResponses },
        },
      },
      async (request) => ({
        items: (await findSams(ctx.db, (await actorOf(ctx, request)).scope, request.query)).map(viewOf),
      }),
    );
    app.get(
      '/v1/sams/sifilma-request.csv',
      {
        onRequest: requireRoles(ctx, registry),
        schema: {
          ...meta,
          summary: 'The SAM requests awaiting SIFILMA, as CSV for upload to SIFILMA (no population data)',
          produces: ['text/csv'],
          response: { 200: z.any().describe('text/csv'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const rows = await pendingSifilmaRequests(ctx.db, (await actorOf(ctx, request)).scope);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="sifilma-${wibDay(ctx.clock())}.csv"`)
          .send(sifilmaCsv(rows));
      },
    );
    app.get(
      '/v1/sams/sifilma-request.pdf',
      {
        onRequest: requireRoles(ctx, registry),
        schema: {
          ...meta,
          summary: 'The SAM requests awaiting SIFILMA, as a PDF letter in Indonesian',
          produces: ['application/pdf'],
          response: { 200: z.any().describe('application/pdf'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const rows = await pendingSifilmaRequests(ctx.db, (await actorOf(ctx, request)).scope);
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="sifilma-${wibDay(ctx.clock())}.pdf"`)
          .send(Buffer.from(await sifilmaPdf(rows, ctx.clock())));
      },
    );
    app.get(
      '/v1/sams/:id',
      {
        onRequest: requireRoles(ctx, read),
        schema: {
          ...meta,
          summary: 'A SAM card with its trail (every state change, who, when, why)',
          params: idParams,
          response: { 200: samView.extend({ events: z.array(samEvent) }), ...errorResponses },
        },
      },
      async (request) => {
        const { events, ...sam } = await getSamWithTrail(
          ctx.db,
          request.params.id,
          (await actorOf(ctx, request)).scope,
        );
        return { ...viewOf(sam), events: events ?? [] };
      },
    );
    app.post(
      '/v1/sams/:id/sifilma-answer',
      {
        onRequest: requireRoles(ctx, registry),
        schema: {
          ...meta,
          summary:
            'Record SIFILMA’s answer to a SAM request (accepted: ready to personalise; rejected: ended)',
          params: idParams,
          body: sifilmaAnswerInput,
          response: { 200: samView, ...errorResponses },
        },
      },
      async (request) => {
        const acting = await actingOf(ctx, request);
        return viewOf(
          await recordSifilmaAnswer({ db: ctx.db, now: acting.now }, acting.actor, {
            id: request.params.id,
            ...request.body,
          }),
        );
      },
    );
    app.post(
      '/v1/sams/:id/personalise',
      {
        onRequest: requireRoles(ctx, registry),
        schema: {
          ...meta,
          summary: 'Personalise a SAM: its Ed25519 key (only the public key is kept)',
          description:
            'With `publicKey`, the SAM’s own key is recorded. Without, Gerbang makes the key pair and answers ' +
            'the private key (PKCS#8 PEM) this once, to be loaded into the SAM; it is never kept or shown again.',
          params: idParams,
          body: personaliseInput,
          response: {
            200: samView.extend({ privateKeyPem: z.string().nullable() }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const acting = await actingOf(ctx, request);
        const { sam, privateKeyPem } = await personaliseSam({ db: ctx.db, now: acting.now }, acting.actor, {
          id: request.params.id,
          ...request.body,
        });
        return { ...viewOf(sam), privateKeyPem };
      },
    );
    app.post(
      '/v1/sams/:id/activate',
      {
        onRequest: requireRoles(ctx, registry),
        schema: {
          ...meta,
          summary: 'Activate a personalised SAM (refused unless an agreement in force grants card_reader)',
          params: idParams,
          response: { 200: samView, ...errorResponses },
        },
      },
      async (request) => {
        const acting = await actingOf(ctx, request);
        return viewOf(await activateSam({ db: ctx.db, now: acting.now }, acting.actor, request.params.id));
      },
    );
    app.post(
      '/v1/sams/:id/deactivate',
      {
        onRequest: requireRoles(ctx, registry),
        schema: {
          ...meta,
          summary: 'Deactivate a SAM, with the reason (its configuration file is then due back)',
          params: idParams,
          body: deactivateInput,
          response: { 200: samView, ...errorResponses },
        },
      },
      async (request) => {
        const acting = await actingOf(ctx, request);
        return viewOf(
          await deactivateSam({ db: ctx.db, now: acting.now }, acting.actor, {
            id: request.params.id,
            ...request.body,
          }),
        );
      },
    );
    app.post(
      '/v1/sams/:id/configuration',
      {
        onRequest: requireRoles(ctx, register),
        bodyLimit: 128 * 1024,
        schema: {
          ...meta,
          summary: 'Return a deactivated SAM’s configuration file (base64, at most 64 KiB)',
          params: idParams,
          body: configUploadInput,
          response: { 200: samView, ...errorResponses },
        },
      },
      async (request) => {
        const acting = await actingOf(ctx, request);
        return viewOf(
          await uploadSamConfig({ db: ctx.db, now: acting.now }, acting.actor, {
            id: request.params.id,
            ...request.body,
          }),
        );
      },
    );
    app.get(
      '/v1/sams/:id/configuration',
      {
        onRequest: requireRoles(ctx, read),
        schema: {
          ...meta,
          summary: 'The returned configuration file of a SAM',
          params: idParams,
          produces: ['application/octet-stream'],
          response: { 200: z.any().describe('application/octet-stream'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const file = await getSamConfigFile(ctx.db, request.params.id, (await actorOf(ctx, request)).scope);
        return reply
          .header('content-type', 'application/octet-stream')
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .send(Buffer.from(file.bytes));
      },
    );
    app.post(
      '/v1/sams/:id/configuration/confirm',
      {
        onRequest: requireRoles(ctx, registry),
        schema: {
          ...meta,
          summary: 'Confirm a returned SAM configuration file (closes the return task when it was the last)',
          params: idParams,
          response: { 200: samView, ...errorResponses },
        },
      },
      async (request) => {
        const acting = await actingOf(ctx, request);
        return viewOf(
          await confirmSamConfig({ db: ctx.db, now: acting.now }, acting.actor, request.params.id),
        );
      },
    );
    app.get(
      '/v1/institutions/:id/sam-return-tasks',
      {
        onRequest: requireRoles(ctx, read),
        schema: {
          ...meta,
          summary: 'Return-the-configuration tasks opened when the institution’s agreements ended',
          params: idParams,
          response: { 200: z.object({ items: z.array(returnTask) }), ...errorResponses },
        },
      },
      async (request) => ({
        items: await findReturnTasks(ctx.db, request.params.id, (await actorOf(ctx, request)).scope),
      }),
    );
  };
}
