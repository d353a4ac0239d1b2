import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Viewer } from '../accounts/accounts.service.ts';
import type { PublicationState } from '../db/vocabulary.ts';
import { BadRequestError, type DataProblem } from '../shared/errors.ts';
import { fieldError, formErrorView, type FieldError, type FormValues } from '../site/forms.ts';
import { ukTimeText } from './london-time.ts';
import { receivedFile, receiveFiles } from './receive-files.ts';
import { cleanFileName, formatOf, takeFile, templateColumns, templateCsv } from './upload-file.ts';
import {
  pendingParams,
  publicationStates,
  readPublication,
  uploadParams,
} from './uploads.schema.ts';
import type { LodgedImport, UploadActor, UploadsService } from './uploads.service.ts';

const actorOf = (request: FastifyRequest, viewer: Viewer): UploadActor => ({
  userId: viewer.userId,
  email: viewer.email,
  memberships: viewer.memberships,
  address: request.ip,
});

const base = (code: string) => `/organisations/${encodeURIComponent(code)}/data`;

function codeOf(request: FastifyRequest): string {
  const params = uploadParams.safeParse(request.params);
  if (!params.success) throw new BadRequestError('That is not an organisation code', 'code');
  return params.data.code;
}

function pendingOf(request: FastifyRequest): { code: string; id: number } {
  const params = pendingParams.safeParse(request.params);
  if (!params.success) throw new BadRequestError('That is not an upload', 'id');
  return { code: params.data.code, id: Number(params.data.id) };
}

/**
 * A page only a signed-in person sees, at an address with parameters: the public goes to sign
 * in first and comes back to the address asked for.
 */
function getSignedIn(
  app: FastifyInstance,
  path: string,
  page: (request: FastifyRequest, reply: FastifyReply, viewer: Viewer) => Promise<FastifyReply>,
) {
  app.get(path, async (request, reply) =>
    request.viewer
      ? page(request, reply, request.viewer)
      : reply.redirect(`/sign-in?next=${request.url.split('?')[0]}`, 303),
  );
}

/** In words, as the workspace lists it: "published", "embargoed until …", "restricted to …". */
export function stateText(i: {
  publication: PublicationState;
  embargoUntil: Date | null;
  audience: readonly string[];
}): string {
  const ended = i.embargoUntil !== null && i.embargoUntil <= new Date();
  if (i.publication === 'published' || ended) return 'Published';
  if (i.publication === 'embargoed')
    return `Embargoed until ${ukTimeText(i.embargoUntil ?? new Date())}`;
  const to = i.audience.length > 0 ? i.audience.join(', ') : 'your organisation';
  return i.embargoUntil
    ? `Restricted to ${to} until ${ukTimeText(i.embargoUntil)}`
    : `Restricted to ${to}`;
}

/** Each problem as the error summary lists it and the table shows it: file, row, column. */
function problemView(problems: readonly DataProblem[]) {
  const rows = problems.map((p) => ({
    file: p.file,
    row: p.row === undefined ? '' : String(p.row),
    column: p.column ?? '',
    message: p.message,
  }));
  const where = (p: DataProblem) =>
    [p.row === undefined ? null : `Row ${p.row}`, p.column ? `column “${p.column}”` : null]
      .filter(Boolean)
      .join(', ');
  const errors = problems
    .slice(0, 20)
    .map((p) => fieldError('file', `${where(p) || p.file}: ${p.message}`));
  if (problems.length > 20)
    errors.push(fieldError('problems', `and ${problems.length - 20} more problems, listed below`));
  return { problems: rows, ...formErrorView(errors) };
}

/**
 * /organisations/{code}/data: a data steward's workspace (their organisation's lodged imports and
 * its values not yet public), the upload template, the upload with its preview, and the
 * confirmation choosing the publication. Registered in an account pages' scope, so every form is
 * CSRF-checked (the upload's token travels in its multipart body) and every answer `private,
 * no-store`; the service checks who may lodge, and audits each confirmation and refusal.
 */
export function registerUploadPages(
  app: FastifyInstance,
  uploads: UploadsService,
  maxBytes: number,
) {
  receiveFiles(app, maxBytes);

  getSignedIn(app, '/organisations/:code/data', async (request, reply, viewer) => {
    const work = await uploads.workspace(actorOf(request, viewer), codeOf(request));
    const query = request.query as Record<string, unknown>;
    return reply.render('uploads/views/workspace.njk', {
      title: `${work.organisation.name}: your data`,
      activeNav: 'account',
      organisation: work.organisation,
      mayLodge: work.mayLodge,
      base: base(work.organisation.code),
      imports: work.imports.map((i: LodgedImport) => ({
        ...i,
        when: ukTimeText(i.startedAt),
        who: i.userName ?? i.createdBy,
        state: stateText(i),
      })),
      values: work.values,
      valuesLimit: work.valuesLimit,
      lodged: typeof query['lodged'] === 'string' ? query['lodged'] : null,
    });
  });

  getSignedIn(app, '/organisations/:code/data/template.csv', async (request, reply, viewer) => {
    const organisation = await uploads.organisation(actorOf(request, viewer), codeOf(request));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="openlg-upload-template.csv"')
      .send(templateCsv(organisation.code));
  });

  registerUpload(app, uploads, maxBytes);
  registerConfirmation(app, uploads);
}

/** The upload page, and the upload: kept for confirmation, or shown again with its problems. */
function registerUpload(app: FastifyInstance, uploads: UploadsService, maxBytes: number) {
  const uploadPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    view: { errors?: FieldError[]; problems?: readonly DataProblem[] } = {},
  ) => {
    const organisation = await uploads.organisation(actorOf(request, viewer), codeOf(request));
    const problems = view.problems ?? [];
    const shown = problems.length > 0 ? problemView(problems) : formErrorView(view.errors ?? []);
    return reply.render('uploads/views/upload.njk', {
      title: `Upload data for ${organisation.name}`,
      activeNav: 'account',
      organisation,
      base: base(organisation.code),
      columns: Object.values(templateColumns),
      maxMegabytes: Math.round((maxBytes / 1_048_576) * 10) / 10,
      problems: [],
      ...shown,
    });
  };

  getSignedIn(app, '/organisations/:code/data/upload', uploadPage);

  app.post('/organisations/:code/data/upload', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    const received = receivedFile(request.body);
    const refuse = (status: number, text: string) =>
      uploadPage(request, reply.code(status), viewer, { errors: [fieldError('file', text)] });
    if (!received || received.name === '') return refuse(400, 'Select a CSV or XLSX file');
    if (received.tooBig || received.path === null)
      return refuse(413, `The file must be smaller than ${Math.round(maxBytes / 1_048_576)} MB`);
    const content = await takeFile(received.path);
    const format = formatOf(received.name, content);
    if (format === null) return refuse(400, 'The file must be a CSV or an XLSX workbook');
    if (content.length === 0) return refuse(400, 'The selected file is empty');
    const code = codeOf(request);
    const preview = await uploads.preview(actorOf(request, viewer), code, {
      name: cleanFileName(received.name, format),
      format,
      content,
    });
    if (!preview.ok)
      return uploadPage(request, reply.code(400), viewer, { problems: preview.problems });
    return reply.redirect(`${base(code)}/uploads/${preview.uploadId}`, 303);
  });
}

function registerConfirmation(app: FastifyInstance, uploads: UploadsService) {
  const confirmPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    view: { errors?: FieldError[]; values?: FormValues } = {},
  ) => {
    const { code, id } = pendingOf(request);
    const { upload, preview } = await uploads.pending(actorOf(request, viewer), code, id);
    const values = view.values ?? { publication: 'published' };
    const summary = preview.ok ? preview.summary : null;
    return reply.render('uploads/views/confirm.njk', {
      title: `Check and publish ${upload.fileName}`,
      activeNav: 'account',
      base: base(code),
      action: `${base(code)}/uploads/${id}`,
      upload,
      summary,
      problems: preview.ok ? [] : problemView(preview.problems).problems,
      values,
      states: publicationStates,
      ...formErrorView(view.errors ?? []),
    });
  };

  getSignedIn(app, '/organisations/:code/data/uploads/:id', (request, reply, viewer) =>
    confirmPage(request, reply, viewer),
  );

  app.post('/organisations/:code/data/uploads/:id', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    const { code, id } = pendingOf(request);
    const form = readPublication(request.body);
    if (!form.ok) return confirmPage(request, reply.code(400), viewer, form);
    let audience;
    try {
      audience = await uploads.audienceOf(form.audience);
    } catch (error) {
      if (!(error instanceof BadRequestError)) throw error;
      const errors = [fieldError('audience', error.message)];
      return confirmPage(request, reply.code(400), viewer, {
        errors,
        values: request.body as FormValues,
      });
    }
    const lodged = await uploads.confirm(actorOf(request, viewer), code, id, form.choice, audience);
    if (!lodged.ok) {
      const errors = problemView(lodged.problems).errorList.map((e) => fieldError('', e.text));
      return confirmPage(request, reply.code(400), viewer, { errors });
    }
    return reply.redirect(`${base(code)}?lodged=${lodged.importId ?? 'nothing'}`, 303);
  });
}
