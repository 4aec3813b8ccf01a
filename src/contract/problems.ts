import { type ColumnRefusal, columnRefusalErrors } from '../core/cases/required-columns.ts';
import { HttpProblem, type Problem } from './problem.ts';

/**
 * Every problem the API answers with, each type stated once: its slug (the end of its `type`
 * URI), its status and its bilingual title; builders fill in the detail that varies. Handlers
 * throw `problems.unitNotFound.code(code)` rather than writing the title again.
 */

/** One kind of problem, as the catalogue states it. */
export interface ProblemType {
  slug: string;
  status: number;
  title: string;
}

type Detail = string | { detail: string; errors: NonNullable<Problem['errors']>; extensions?: Record<string, unknown> };
type Builders = Record<string, (...args: never[]) => Detail>;
type Catalogued<B extends Builders> = { readonly type: ProblemType } & { readonly [K in keyof B]: (...args: Parameters<B[K]>) => HttpProblem };

function kind<B extends Builders>(status: number, slug: string, title: string, builders: B): Catalogued<B> {
  const type = { status, slug, title };
  const made: Record<string, unknown> = { type };
  for (const [name, build] of Object.entries(builders)) {
    made[name] = (...args: never[]) => {
      const d = build(...args);
      if (typeof d === 'string') return new HttpProblem(status, title, d, undefined, slug);
      const problem = new HttpProblem(status, title, d.detail, d.errors, slug);
      if (d.extensions) problem.extensions = d.extensions;
      return problem;
    };
  }
  return made as Catalogued<B>;
}

/** `field: message`, with the field named in `errors` (the shape most 400s and 422s take). */
const atField = (field: string, message: string) => ({ detail: `${field}: ${message}`, errors: [{ field, message }] });

const RULEBOOK_ERRORS = [{ field: 'querystring.rulebook', message: 'unknown rulebook' }];

export const problems = {
  /** A file whose header row lacks a required column of its kind: refused as a whole, no row read (an import job ends failed with it). */
  missingColumns: kind(422, 'missing-columns', 'Tệp thiếu cột bắt buộc / The file lacks required columns', {
    file: (detail: string, refusal: ColumnRefusal) => ({
      detail,
      errors: [
        ...columnRefusalErrors(refusal),
        { field: '(headers)', message: `các cột trong tệp / headers found: ${refusal.headers.map((h) => `"${h}"`).join(', ') || '—'}` },
      ],
    }),
  }),
  /** A workbook beyond a limit on its sheets, rows or cells (src/files/xlsx-rows.ts): refused as a whole, no row stored (an import job ends failed with it). */
  workbookLimit: kind(422, 'workbook-limit', 'Bảng tính vượt giới hạn / Workbook beyond the limits', {
    file: (detail: string, limit: 'sheets' | 'rows' | 'cells', max: number) => ({
      detail,
      errors: [{ field: `file.${limit}`, message: `tối đa / at most ${max}` }],
    }),
  }),
  invalidRequest: kind(400, 'invalid-request', 'Yêu cầu không hợp lệ / Invalid request', {
    field: atField,
    /** The request's fields that failed the schema, each with what is wrong with it. */
    schema: (errors: Array<{ field?: string; message: string }>) => ({ detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors }),
    emptyBody: () => 'Thân yêu cầu trống / the request body is empty',
    /** A body that is not JSON: the detail (where it broke, in both languages) is composed by the server's JSON reader. */
    notJson: (detail: string) => detail,
    forbiddenKey: () =>
      'JSON chứa khóa "__proto__" hoặc "constructor.prototype", không được phép / the JSON holds a forbidden "__proto__" or "constructor.prototype" key',
    notUtf8: (line: number, message: string) => `Dòng ${line} không phải UTF-8 / ${message}`,
    tooDeep: (max: number) => ({
      detail: `JSON lồng nhau quá ${max} cấp / the JSON nests deeper than ${max} levels`,
      errors: [{ field: '(body)', message: `nests deeper than ${max} levels` }],
    }),
    /** A NUL character or half a surrogate pair (JSON's "\ud800"): no database here stores either. */
    unstorableText: (field: string) => ({
      detail: `${field || '(body)'}: chứa ký tự NUL hoặc ký tự Unicode hỏng (nửa cặp thay thế) / holds a NUL character or broken Unicode (a lone surrogate)`,
      errors: [{ field: field || '(body)', message: 'holds a NUL character or a lone surrogate' }],
    }),
    notAnArray: () =>
      'Cần một mảng JSON các bản ghi (hoặc NDJSON với application/x-ndjson) / expected a JSON array of records (or NDJSON as application/x-ndjson)',
    intakeKind: () => ({
      detail: 'Trường kind phải là cases, tests hoặc counts / field kind must be cases, tests or counts',
      errors: [{ field: 'kind', message: 'must be cases, tests or counts' }],
    }),
    fileMissing: () => ({ detail: 'Thiếu tệp / the file is missing', errors: [{ field: 'file', message: 'is missing' }] }),
    fromAfterTo: () => ({ detail: 'from must not be after to', errors: [{ field: 'from', message: 'after to' }] }),
    tooManyDays: (max: number) => ({ detail: `at most ${max} days per request`, errors: [{ field: 'to', message: `more than ${max} days after from` }] }),
    campaignId: (given: string, id: string) => ({
      detail: `id: ${given} không khớp chiến dịch đang sửa (${id}) / does not match the campaign edited (${id})`,
      errors: [{ field: 'id', message: `phải là ${id} / must be ${id}` }],
    }),
    jumpNeedsDate: () => ({ detail: 'date: jump cần ngày / jump needs a date', errors: [{ field: 'date', message: 'required for jump' }] }),
    notAnInstant: (value: string) => ({
      detail: `date: cần YYYY-MM-DD hoặc thời điểm ISO 8601 có múi giờ / must be YYYY-MM-DD or an ISO 8601 instant with offset: ${value}`,
      errors: [{ field: 'date', message: 'not a date' }],
    }),
  }),
  invalidDateRange: kind(400, 'invalid-request', 'Khoảng ngày không hợp lệ / Invalid date range', {
    fromAfterTo: (from: string, to: string) => ({
      detail: `from ${from} is after to ${to}`,
      errors: [{ field: 'querystring.from', message: 'must not be after to' }],
    }),
  }),
  dateRangeTooLong: kind(400, 'invalid-request', 'Khoảng ngày quá dài / Date range too long', {
    days: (max: number) => ({ detail: `at most ${max} days per request`, errors: [{ field: 'querystring.from', message: `range longer than ${max} days` }] }),
  }),
  noPublishedHistory: kind(400, 'invalid-request', 'Bộ tiêu chí này không lưu lịch sử công bố / This rulebook keeps no published history', {
    levels: (published: string) => ({
      detail: `only ${published} is published`,
      errors: [{ field: 'querystring.publishedAt', message: 'not available for this rulebook' }],
    }),
    assessments: (published: string) => ({
      detail: `only ${published} is published; others are computed on demand`,
      errors: [{ field: 'querystring.publishedAt', message: 'not available for this rulebook' }],
    }),
  }),
  invalidCampaign: kind(400, 'invalid-request', 'Chiến dịch không hợp lệ / Invalid campaign', {
    errors: (errors: Array<{ field: string; message: string }>) => ({ detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors }),
  }),
  unauthorized: kind(401, 'unauthorized', 'Chưa xác thực / Unauthorized', {
    missingToken: () =>
      'Cần mã truy cập: Authorization: Bearer <token> (tạo bằng `vungxanh token create`) / a bearer token is required: Authorization: Bearer <token> (create one with `vungxanh token create`)',
    invalidToken: () => 'Mã truy cập không hợp lệ hoặc đã thu hồi / the token is invalid or revoked',
    tokenAfterFile: () =>
      'Cần mã truy cập trước tệp: tiêu đề Authorization hoặc trường token đặt trước trường file / a token is needed before the file: an Authorization header, or a token field placed before the file field',
    // Sign-in for people (issue #18, docs/accounts.md): one answer for a wrong name and a wrong password, so neither is confirmed.
    credentials: () => 'Sai tên đăng nhập hoặc mật khẩu / wrong name or password',
    sessionEnded: () => 'Phiên đăng nhập đã kết thúc, hãy đăng nhập lại / the session has ended: sign in again',
    noSession: () => 'Chưa đăng nhập / not signed in',
  }),
  forbidden: kind(403, 'forbidden', 'Không có quyền / Forbidden', {
    role: (role: string, roles: readonly string[]) =>
      `Vai trò ${role} không được làm việc này, cần ${roles.join(' hoặc ')} / role ${role} may not do this (needs ${roles.join(' or ')})`,
    outsideScope: (actor: string, scope: string) => ({
      detail: `${actor} may act on units within ${scope} only`,
      errors: [{ field: 'unit', message: `outside ${scope}` }],
    }),
    wardOutsideScope: (actor: string, ward: string, scope: string) => ({
      detail: `${actor} chỉ được sửa danh sách khu phố, ấp của các phường trong ${scope}, không phải ${ward} / may correct the neighbourhood lists of wards within ${scope} only, not ${ward}`,
      errors: [{ field: 'code', message: `ngoài phạm vi ${scope} / outside ${scope}` }],
    }),
    /** The demo replay's clock is the whole city's: a district or ward admin may not move it. */
    replayAdmin: (actor: string, role: string) =>
      `${actor} không có vai trò ${role} trên toàn thành phố để điều khiển phát lại mô phỏng / lacks the ${role} role for the whole city needed to control the demo replay`,
    campaignAdmin: (actor: string, role: string) =>
      `${actor} không có vai trò ${role} trên toàn thành phố để tạo, sửa chiến dịch hoặc đính chính bảng chốt / lacks the ${role} role for the whole city needed to create or edit campaigns and correct their cuts`,
    userOutsideScope: (actor: string, scope: string, field: string) => ({
      detail: `${actor} chỉ quản lý người dùng trong phạm vi ${scope} / may manage users within ${scope} only`,
      errors: [{ field, message: `ngoài phạm vi ${scope} / outside ${scope}` }],
    }),
    /** A dashboard outside every scope the member holds (issue #18 item 2): names the unit and the scopes. */
    dashboardOutsideScope: (actor: string, unit: string, scopes: readonly string[]) => ({
      detail: `${actor} chỉ xem bảng điều hành của các đơn vị trong ${scopes.join(', ') || '—'}, không phải ${unit} / may see the dashboards of units within ${scopes.join(', ') || '—'} only, not ${unit}`,
      errors: [{ field: 'params.code', message: `ngoài phạm vi ${scopes.join(', ') || '—'} / outside ${scopes.join(', ') || '—'}` }],
    }),
    /** An alert about a unit outside every scope the member holds (for a role it is meant for). */
    alertOutsideScope: (actor: string, id: number) => ({
      detail: `Cảnh báo ${id} nằm ngoài phạm vi của ${actor} / alert ${id} is outside ${actor}'s scope`,
      errors: [{ field: 'params.id', message: 'ngoài phạm vi / outside your scope' }],
    }),
    webhookOutsideScope: (actor: string, scope: string, field: string) => ({
      detail: `${actor} chỉ quản lý webhook trong phạm vi ${scope} / may manage webhooks within ${scope} only`,
      errors: [{ field, message: `ngoài phạm vi ${scope} / outside ${scope}` }],
    }),
    /** A review, approval or document of a granting unit the caller's role does not act for. */
    grantingUnit: (actor: string, scope: string, granting: string) => ({
      detail: `${actor} (phạm vi ${scope}) không xét, phê duyệt khen thưởng của cấp ${granting} / (scope ${scope}) does not review or approve the rewards granted by ${granting}`,
      errors: [{ field: 'grantingUnit', message: `cần phạm vi ${granting} / needs scope ${granting}` }],
    }),
    self: (field: string) => ({
      detail: 'Không tự khóa hoặc tự hạ vai trò quản trị của mình / you may not disable yourself or drop your own admin role',
      errors: [{ field, message: 'chính bạn / yourself' }],
    }),
  }),
  /** A write sent with the session cookie but without the session's CSRF token (synchronizer pattern). */
  csrf: kind(403, 'csrf', 'Thiếu hoặc sai mã chống giả mạo yêu cầu / CSRF token missing or wrong', {
    missing: () => ({
      detail:
        'Yêu cầu ghi bằng phiên đăng nhập cần tiêu đề X-CSRF-Token (lấy từ GET /api/v1/session) / a write made with the session cookie needs the X-CSRF-Token header (from GET /api/v1/session)',
      errors: [{ field: 'headers.x-csrf-token', message: 'thiếu / is missing' }],
    }),
    wrong: () => ({
      detail: 'X-CSRF-Token không khớp phiên đăng nhập / X-CSRF-Token does not match the session',
      errors: [{ field: 'headers.x-csrf-token', message: 'không khớp / does not match' }],
    }),
  }),
  /** Growing delays after failed sign-ins, per account and per address; never a lockout (docs/accounts.md). */
  signInThrottled: kind(429, 'sign-in-throttled', 'Đăng nhập sai quá nhiều lần / Too many failed sign-ins', {
    wait: (seconds: number) => `Đăng nhập sai nhiều lần: hãy thử lại sau ${seconds} giây / too many failed sign-ins: try again in ${seconds} s`,
  }),
  userNotFound: kind(404, 'not-found', 'Không có người dùng này / No such user', {
    name: (name: string) => ({ detail: `Không có người dùng ${name} / no user ${name}`, errors: [{ field: 'params.name', message: 'unknown' }] }),
  }),
  userExists: kind(409, 'conflict', 'Người dùng đã tồn tại / User already exists', {
    name: (name: string) => ({ detail: `Đã có người dùng ${name} / user ${name} exists`, errors: [{ field: 'name', message: 'đã tồn tại / already exists' }] }),
  }),
  notFound: kind(404, 'not-found', 'Không tìm thấy / Not found', {
    route: (method: string, path: string) => `no route for ${method} ${path}`,
    riskFactor: (id: number) => `no active risk factor ${id}`,
    override: (id: number) => `no active override ${id}`,
    importJob: (id: string) => `Không có lượt nhập ${id} / no import ${id}`,
    reject: (id: string | number) => `Không có dòng bị từ chối ${id} / no rejected row ${id}`,
    alert: (id: number) => ({ detail: `Không có cảnh báo ${id} / no alert ${id}`, errors: [{ field: 'params.id', message: 'unknown' }] }),
    webhook: (id: number) => ({ detail: `Không có webhook ${id} / no webhook ${id}`, errors: [{ field: 'params.id', message: 'unknown' }] }),
  }),
  unitNotFound: kind(404, 'not-found', 'Không tìm thấy đơn vị / Unit not found', {
    code: (code: string) => `no unit with code ${code}`,
  }),
  unknownRulebook: kind(404, 'not-found', 'Không có bộ tiêu chí này / Unknown rulebook', {
    id: (id: string) => ({ detail: `no rulebook ${id}`, errors: RULEBOOK_ERRORS }),
    /** The same, pointing at the list (the levels route, which the map calls). */
    listed: (id: string) => ({ detail: `no rulebook ${id}; see /api/v1/rulebooks`, errors: RULEBOOK_ERRORS }),
  }),
  notAssessed: kind(404, 'not-found', 'Đơn vị không được đánh giá theo bộ tiêu chí này / Unit not assessed by this rulebook', {
    unit: (code: string, rulebook: string) => `${code} is a kind ${rulebook} does not assess`,
  }),
  noAssessment: kind(404, 'not-found', 'Không có đánh giá cho ngày này / No assessment for this date', {
    date: (message: string) => ({ detail: message, errors: [{ field: 'querystring.date', message }] }),
  }),
  noBulletin: kind(404, 'not-found', 'Không có bản tin cho ngày này / No bulletin for this date', {
    /** `displayDate` is the date as people read it (dd/mm/yyyy); `dates` the first and last dates with a bulletin, if any. */
    date: (date: string, displayDate: string, dates: { first: string; last: string } | null) => ({
      detail: dates
        ? `Không có bản tin ngày ${displayDate}: bản tin có từ ngày ${dates.first} đến ngày ${dates.last} / no bulletin for ${date}: bulletins run from ${dates.first} to ${dates.last}`
        : `Không có bản tin ngày ${displayDate}: chưa có bản tin nào / no bulletin for ${date}: there is none yet`,
      errors: [{ field: 'params.date', message: 'no bulletin for this date' }],
    }),
  }),
  noBoundaries: kind(404, 'not-found', 'Không có ranh giới / No boundaries', {
    kind: (kind: string, known: readonly string[]) => `no boundaries of kind ${kind}; known kinds: ${known.join(', ')}`,
  }),
  /** An open-data file that is not published: no such dataset, a format it is not offered in, or a date outside the published ones (docs/open-data.md). */
  openDataNotFound: kind(404, 'not-found', 'Không có tệp dữ liệu mở này / No such open-data file', {
    dataset: (what: string, known: readonly string[]) => ({
      detail: `Không có bộ dữ liệu ${what} / no dataset ${what}; có / known: ${known.join(', ')}`,
      errors: [{ field: 'what', message: `known datasets: ${known.join(', ')}` }],
    }),
    format: (what: string, format: string, offered: readonly string[]) => ({
      detail: `Bộ ${what} không có định dạng ${format} / ${what} is not published as ${format}; có / offered: ${offered.join(', ')}`,
      errors: [{ field: 'format', message: `offered: ${offered.join(', ')}` }],
    }),
    date: (what: string, date: string, first: string | undefined, last: string | undefined) => ({
      detail:
        first === undefined
          ? `Bộ ${what} chưa có ngày nào được công bố / ${what} has no published date yet`
          : `Bộ ${what} không có ngày ${date}: đã công bố từ ${first} đến ${last} / ${what} has no file for ${date}: published ${first} to ${last}`,
      errors: [{ field: 'date', message: first === undefined ? 'no published date yet' : `published dates run from ${first} to ${last}` }],
    }),
  }),
  /** An image the images route cannot draw: an unknown unit, group or date, or an image of another kind (docs/images.md). */
  imageNotFound: kind(404, 'not-found', 'Không có ảnh này / No such image', {
    field: atField,
  }),
  /** Share and verify (issue #20 item 3, docs/verify.md): a published state's position the feed never reached. */
  stateNotFound: kind(404, 'state-not-found', 'Không có trạng thái đã công bố này / No such published state', {
    position: (position: number, current: number) => ({
      detail: `Vị trí ${position} chưa từng được công bố (dòng thay đổi mới đến ${current}) / position ${position} was never published (the change feed is at ${current})`,
      errors: [{ field: 'token.position', message: `the change feed is at ${current}` }],
    }),
  }),
  /** A signed state with no image kept for it here (a bulletin's, or one drawn before renderings were kept). */
  renderingNotKept: kind(404, 'rendering-not-kept', 'Không lưu bản vẽ của trạng thái này / No rendering kept for this state', {
    state: (what: string, position: number) => ({
      detail: `Không có ảnh ${what} nào được lưu ở vị trí ${position}; xem kết quả kiểm chứng để có bản vẽ từ số liệu hiện tại / no ${what} image was kept at position ${position}; the verification answer links to the same image drawn from today's data`,
      errors: [{ field: 'token', message: `no rendering kept for ${what} at position ${position}` }],
    }),
  }),
  /** A short URL whose token does not read, or whose signature none of the published keys made. */
  signatureInvalid: kind(422, 'signature-invalid', 'Chữ ký không hợp lệ / Invalid signature', {
    token: (field: string, why: 'malformed' | 'signature') => ({
      detail:
        why === 'malformed'
          ? 'Mã trong đường dẫn không đọc được: không phải mã của Vùng Xanh / the token does not read: not a Vùng Xanh short URL'
          : 'Chữ ký không khớp với khoá công khai nào đã công bố: ảnh hoặc đường dẫn đã bị sửa / the signature matches none of the published keys: the image or URL was altered',
      errors: [{ field, message: why === 'malformed' ? 'not a Vùng Xanh token' : 'signature does not verify' }],
    }),
  }),
  /** An upload /verify reads no short URL from. */
  noQrCode: kind(422, 'no-qr-code', 'Không đọc được mã QR / No QR code read', {
    file: (why: 'format' | 'unread' | 'foreign', text?: string) => ({
      detail:
        why === 'format'
          ? 'Tệp không phải ảnh PNG, JPEG hay tệp văn bản có đường dẫn /v/ / the file is not a PNG or JPEG picture, nor text holding a /v/ URL'
          : why === 'unread'
            ? 'Không tìm thấy mã QR đọc được trong ảnh; hãy tải ảnh lớn hơn hoặc dán đường dẫn / no readable QR code in the picture; upload a larger copy or paste the URL'
            : `Mã QR không phải đường dẫn kiểm chứng của Vùng Xanh / the QR code is not a Vùng Xanh short URL: ${text ?? ''}`.slice(0, 400),
      errors: [{ field: 'file', message: why === 'format' ? 'PNG or JPEG' : why === 'unread' ? 'no QR code found' : 'not a /v/ URL' }],
    }),
  }),
  campaignNotFound: kind(404, 'not-found', 'Không tìm thấy chiến dịch / Campaign not found', {
    id: (id: string) => `Không có chiến dịch mã ${id} / no campaign with id ${id}`,
  }),
  noOfficialStandings: kind(404, 'not-found', 'Chưa có bảng xếp hạng chính thức / No official standings yet', {
    /** `displayDate` is the date as people read it (dd/mm/yyyy), `date` as the API writes it. */
    cut: (group: string, cutTime: string, date?: { date: string; displayDate: string }) =>
      `Chưa có bảng chốt chính thức của nhóm ${group}${date ? ` ngày ${date.displayDate}` : ''}: bảng được chốt hằng ngày lúc ${cutTime} (giờ Việt Nam) / no official cut of ${group} ${date ? `for ${date.date}` : 'yet'}: cuts are frozen daily at ${cutTime} (Asia/Ho_Chi_Minh)`,
  }),
  correctionNotFound: kind(404, 'not-found', 'Không có bảng chốt đính chính này / No such corrected cut', {
    number: (number: number, group: string, date: { date: string; displayDate: string }) => ({
      detail: `Bảng chốt nhóm ${group} ngày ${date.displayDate} không có đính chính số ${number} / the ${group} cut of ${date.date} has no correction no. ${number}`,
      errors: [{ field: 'querystring.correction', message: `no correction ${number}` }],
    }),
  }),
  noReplay: kind(404, 'not-found', 'Không có phát lại mô phỏng / No replay running', {
    running: () => 'this server runs no demo replay (started with VX_DEMO=0 or without demo data)',
  }),
  /** Appeals (issue #18 item 5, docs/appeals.md). */
  appealNotFound: kind(404, 'not-found', 'Không có khiếu nại này / No such appeal', {
    number: (n: number) => ({ detail: `Không có khiếu nại số ${n} / no appeal no. ${n}`, errors: [{ field: 'params.id', message: 'unknown' }] }),
    attachment: (n: number, k: number) => ({
      detail: `Khiếu nại số ${n} không có tệp đính kèm số ${k} / appeal no. ${n} has no attachment ${k}`,
      errors: [{ field: 'params.n', message: 'unknown' }],
    }),
  }),
  appealDecided: kind(409, 'appeal-decided', 'Khiếu nại đã được quyết định / Appeal already decided', {
    number: (n: number, status: string) => ({
      detail: `Khiếu nại số ${n} đã được quyết định (${status}); không quyết định lại được / appeal no. ${n} was already decided (${status}) and cannot be decided again`,
      errors: [{ field: 'decision', message: `đã ${status} / already ${status}` }],
    }),
  }),
  /** An appeal's attachment refused: not a PDF, PNG or JPEG by its first bytes, empty, too many, or too large. */
  appealAttachment: kind(422, 'appeal-attachment', 'Tệp đính kèm không được nhận / Attachment refused', {
    kind: (index: number, name: string) => ({
      detail: `Tệp "${name}" không phải PDF, PNG hay JPEG (xét theo nội dung, không theo tên) / "${name}" is not a PDF, PNG or JPEG file (judged by its content, not its name)`,
      errors: [{ field: `attachments[${index}]`, message: 'chỉ nhận PDF, PNG, JPEG / only PDF, PNG or JPEG' }],
    }),
    empty: (index: number, name: string) => ({
      detail: `Tệp "${name}" trống / "${name}" is empty`,
      errors: [{ field: `attachments[${index}]`, message: 'trống / is empty' }],
    }),
    tooMany: (max: number) => ({
      detail: `Tối đa ${max} tệp đính kèm / at most ${max} attachments`,
      errors: [{ field: 'attachments', message: `tối đa ${max} / at most ${max}` }],
    }),
    tooLarge: (index: number, maxBytes: number) => ({
      detail: `Mỗi tệp đính kèm tối đa ${maxBytes / 1048576} MB / each attachment may be at most ${maxBytes / 1048576} MB`,
      errors: [{ field: `attachments[${index}]`, message: `quá ${maxBytes / 1048576} MB / over ${maxBytes / 1048576} MB` }],
    }),
  }),
  /** Rewards (issue #19, docs/rewards.md). */
  rewardSchemeNotFound: kind(404, 'not-found', 'Chưa có tiêu chí khen thưởng / No reward scheme', {
    campaign: (id: string, version?: number) => ({
      detail:
        version === undefined
          ? `Chiến dịch ${id} chưa có tiêu chí và hình thức khen thưởng / campaign ${id} has no reward scheme yet`
          : `Chiến dịch ${id} không có phiên bản tiêu chí khen thưởng ${version} / campaign ${id} has no reward scheme version ${version}`,
      errors: [{ field: version === undefined ? 'params.id' : 'querystring.version', message: 'unknown' }],
    }),
  }),
  rewardScheme: kind(422, 'reward-scheme', 'Tiêu chí khen thưởng không hợp lệ / Invalid reward scheme', {
    errors: (errors: Array<{ field: string; message: string }>) => ({ detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors }),
  }),
  nominationNotFound: kind(404, 'not-found', 'Không có đề nghị khen thưởng này / No such nomination', {
    number: (n: number) => ({ detail: `Không có đề nghị khen thưởng số ${n} / no nomination no. ${n}`, errors: [{ field: 'params.n', message: 'unknown' }] }),
    attachment: (n: number, k: number) => ({
      detail: `Đề nghị số ${n} không có tệp đính kèm số ${k} / nomination no. ${n} has no attachment ${k}`,
      errors: [{ field: 'params.k', message: 'unknown' }],
    }),
  }),
  rewardDecisionNotFound: kind(404, 'not-found', 'Không có quyết định khen thưởng này / No such reward decision', {
    id: (id: number) => ({ detail: `Không có quyết định khen thưởng ${id} / no reward decision ${id}`, errors: [{ field: 'params.id', message: 'unknown' }] }),
  }),
  /** A step the nomination's status does not allow (docs/rewards.md, the lifecycle). */
  nominationState: kind(409, 'nomination-state', 'Đề nghị không ở trạng thái cho phép bước này / Nomination not in a state for this step', {
    step: (n: number, status: string, step: string) => ({
      detail: `Đề nghị số ${n} đang ở trạng thái ${status}: không thể ${step} / nomination no. ${n} is ${status}: it cannot be ${step}`,
      errors: [{ field: 'status', message: `${status}` }],
    }),
  }),
  nominationDuplicate: kind(409, 'nomination-duplicate', 'Đơn vị đã được đề nghị hình thức này / Unit already nominated for this form', {
    unit: (unitName: string, form: string, existing: number) => ({
      detail: `${unitName} đã có đề nghị số ${existing} cho hình thức ${form} / ${unitName} already holds nomination no. ${existing} for ${form}`,
      errors: [{ field: 'unit', message: `đề nghị số ${existing} / nomination no. ${existing}` }],
    }),
  }),
  /** Accepting beyond a form's quota for a granting unit and subject: the quota is named in the detail and as members. */
  rewardQuota: kind(422, 'reward-quota', 'Vượt chỉ tiêu khen thưởng / Reward quota reached', {
    reached: (form: { id: string; vi: string; en: string }, grantingUnitName: string, subject: string, quota: number, used: number) => ({
      detail: `Chỉ tiêu ${form.vi} của ${grantingUnitName} cho ${subject === 'collective' ? 'tập thể' : 'cá nhân'} là ${quota}, đã dùng ${used} / the quota of ${form.en} for ${grantingUnitName} (${subject}) is ${quota} and ${used} are used`,
      errors: [{ field: 'decision', message: `chỉ tiêu ${quota}, đã dùng ${used} / quota ${quota}, used ${used}` }],
      extensions: { form: form.id, subject, quota, used },
    }),
  }),
  /** A collective criterion the unit does not meet in the standings now, with the facts that say so. */
  rewardCriterion: kind(422, 'reward-criterion', 'Đơn vị chưa đạt tiêu chí / Criterion not met', {
    notMet: (unitName: string, criterion: { id: string; vi: string; en: string }, facts: Record<string, unknown>) => ({
      detail: `${unitName} chưa đạt tiêu chí "${criterion.vi}" / ${unitName} does not meet "${criterion.en}" (${JSON.stringify(facts)})`,
      errors: [{ field: 'criterion', message: `chưa đạt / not met: ${JSON.stringify(facts)}` }],
      extensions: { criterion: criterion.id, facts },
    }),
  }),
  /** A decision is immutable once approved: a new decision supersedes it, with a reason. */
  decisionApproved: kind(409, 'decision-approved', 'Quyết định đã phê duyệt không sửa được / An approved decision cannot be edited', {
    edit: (id: number, number: string) => ({
      detail: `Quyết định ${number} đã được phê duyệt, không sửa được; hãy ban hành quyết định thay thế (POST /api/v1/reward-decisions/${id}/supersede) / decision ${number} was approved and can't be edited after approval; supersede it (POST /api/v1/reward-decisions/${id}/supersede)`,
      errors: [{ field: 'params.id', message: 'đã phê duyệt / approved' }],
    }),
    state: (id: number, number: string, status: string) => ({
      detail: `Quyết định ${number} đang ở trạng thái ${status} / decision ${number} is ${status}`,
      errors: [{ field: 'params.id', message: status }],
    }),
  }),
  campaignExists: kind(409, 'conflict', 'Chiến dịch đã tồn tại / Campaign already exists', {
    id: (id: string) => ({
      detail: `Đã có chiến dịch mã ${id}; sửa bằng PUT /api/v1/campaigns/${id} / a campaign with id ${id} exists; edit it with PUT /api/v1/campaigns/${id}`,
      errors: [{ field: 'id', message: 'đã tồn tại / already exists' }],
    }),
  }),
  cutNotCorrectable: kind(409, 'conflict', 'Không đính chính được bảng chốt này / This cut cannot be corrected', {
    notFrozen: (group: string, date: { date: string; displayDate: string }) =>
      `Bảng chốt nhóm ${group} ngày ${date.displayDate} đã đến hạn nhưng chưa được lưu; thử lại sau ít phút / the ${group} cut of ${date.date} is due but not frozen yet: try again in a few minutes`,
    unchanged: (group: string, date: { date: string; displayDate: string }, against: number | null) =>
      against === null
        ? `Dữ liệu hiện có cho kết quả giống bảng chốt nhóm ${group} ngày ${date.displayDate}: không có gì để đính chính / what is known now gives the same standings as the ${group} cut of ${date.date}: nothing to correct`
        : `Dữ liệu hiện có cho kết quả giống bảng chốt đính chính số ${against} (nhóm ${group}, ngày ${date.displayDate}): không có gì để đính chính / what is known now gives the same standings as correction no. ${against} of the ${group} cut of ${date.date}: nothing to correct`,
  }),
  cannotRewind: kind(409, 'conflict', 'Không lùi được thời gian mô phỏng / Cannot rewind the replay', {
    replay: (message: string) => ({ detail: message, errors: [{ field: 'date', message: 'before the simulated now' }] }),
  }),
  tooLarge: kind(413, 'too-large', 'Dữ liệu quá lớn / Payload too large', {
    file: (maxBytes: number) => `Tệp vượt quá ${maxBytes / 1048576} MB / the file exceeds ${maxBytes / 1048576} MB`,
    rows: (max: number) => `Tối đa ${max} bản ghi mỗi yêu cầu, hãy chia nhỏ hoặc tải tệp lên / at most ${max} records per request: split it or upload a file`,
  }),
  unsupportedMediaType: kind(415, 'unsupported-media-type', 'Định dạng không hỗ trợ / Unsupported media type', {
    /** Fastify's own 415 says only "Unsupported Media Type"; the sender needs to know what to send. */
    body: () =>
      'Gửi application/json hoặc application/x-ndjson (tải tệp: multipart/form-data) / send application/json or application/x-ndjson (file uploads: multipart/form-data)',
    notMultipart: () => 'Gửi multipart/form-data với trường file / send multipart/form-data with a file field',
  }),
  unprocessable: kind(422, 'unprocessable', 'Dữ liệu không hợp lệ / Unprocessable input', {
    field: atField,
  }),
  notAWard: kind(422, 'not-a-ward', 'Không phải phường, xã / Not a ward', {
    unit: (code: string, name: string, kind: string) => ({
      detail: `${name} (${code}) là ${kind}, không phải phường/xã/thị trấn: danh sách khu phố, ấp thuộc về một phường / is a ${kind}; a khu phố/ấp list belongs to a ward (phường, xã, thị trấn)`,
      errors: [{ field: 'code', message: `là ${kind} / is a ${kind}` }],
    }),
  }),
  /** A ward's list of khu phố/ấp refused whole, each fault naming its row (or boundary feature): nothing was written. */
  neighbourhoodListRejected: kind(422, 'neighbourhood-list-rejected', 'Danh sách khu phố, ấp bị từ chối / Neighbourhood list refused', {
    rows: (errors: ReadonlyArray<{ where: string; row?: number; field?: string; message: string }>) => ({
      detail: `Không có gì thay đổi; sửa ${errors.length} lỗi rồi gửi lại cả danh sách / nothing changed: fix ${errors.length} ${errors.length === 1 ? 'fault' : 'faults'} and send the whole list again`,
      errors: errors.map((e) => ({ ...(e.row === undefined ? {} : { row: e.row }), field: e.field ?? 'file', message: `${e.where}: ${e.message}` })),
    }),
    file: (message: string) => ({
      detail: `Không đọc được tệp / the file cannot be read: ${message}`,
      errors: [{ field: 'file', message }],
    }),
    fileMissing: () => ({
      detail: 'Thiếu tệp danh sách (trường file) / the list file (field file) is missing',
      errors: [{ field: 'file', message: 'thiếu / is missing' }],
    }),
  }),
  /** Too many failed authentications from one address or against one token id: refused, without the token being checked, until the window ends. */
  tooManyRequests: kind(429, 'too-many-requests', 'Quá nhiều yêu cầu / Too many requests', {
    /** The caller sets the same wait as the Retry-After header: `.retryAfter(seconds)`. */
    failedAuth: (seconds: number) =>
      `Quá nhiều lần xác thực sai từ địa chỉ này hoặc với mã truy cập này; hãy thử lại sau ${seconds} giây / too many failed authentications from this address or with this token: try again in ${seconds} s`,
  }),
  levelsUnavailable: kind(503, 'levels-unavailable', 'Chưa có mức nguy cơ / Levels not available yet', {
    engine: () =>
      'Bộ máy đánh giá nguy cơ chưa kết nối nên chưa tính được bảng xếp hạng / levels not available yet: the risk engine is not connected, so no standings are computed',
  }),
  /** Another writer (a bulk import in another process) held the database longer than a request waits: nothing was written, send again. */
  databaseBusy: kind(503, 'database-busy', 'Cơ sở dữ liệu đang bận / Database busy', {
    retry: (seconds: number) =>
      `Cơ sở dữ liệu đang bận với một lượt ghi khác (ví dụ một lượt nhập tệp lớn); yêu cầu này chưa ghi gì, hãy gửi lại sau ${seconds} giây / the database is busy with another writer (a bulk import, say); nothing of this request was written: send it again in ${seconds} s`,
  }),
  /** Every upload slot of this server and its waiting room are taken: the file was not received, send it again. */
  uploadsBusy: kind(503, 'uploads-busy', 'Máy chủ đang bận đọc tệp / Too many uploads in progress', {
    retry: (seconds: number, load: { running: number; waiting: number }) =>
      `Máy chủ đang đọc ${load.running} tệp và ${load.waiting} tệp đang chờ; tệp này chưa được nhận, hãy gửi lại sau ${seconds} giây / the server is reading ${load.running} uploads with ${load.waiting} waiting; this file was not received: send it again in ${seconds} s`,
  }),
  /** The database cannot be reached (restarting, failed over, the network between): nothing of the request was acknowledged, send it again. */
  databaseUnavailable: kind(503, 'database-unavailable', 'Cơ sở dữ liệu tạm thời không kết nối được / Database unavailable', {
    retry: (seconds: number) =>
      `Máy chủ tạm thời không kết nối được cơ sở dữ liệu (ví dụ đang khởi động lại); yêu cầu này chưa được xác nhận, hãy gửi lại sau ${seconds} giây / the server cannot reach its database for now (restarting, say); this request was not acknowledged: send it again in ${seconds} s`,
  }),
  /** A client error the catalogue has no closer type for (Fastify's own, e.g. 405). */
  clientError: kind(400, 'client-error', 'Yêu cầu lỗi / Client error', {}),
  server: kind(500, 'server-error', 'Lỗi máy chủ / Server error', {
    /** Says nothing of the cause: internals stay in the log. */
    internal: () => 'Lỗi máy chủ / Internal server error',
  }),
};

/** The title of an error Fastify raised with only a status: the catalogue's general type for it. */
export function titleFor(status: number): string {
  const general = [
    problems.invalidRequest,
    problems.unauthorized,
    problems.forbidden,
    problems.notFound,
    problems.tooLarge,
    problems.unsupportedMediaType,
    problems.tooManyRequests,
  ].find((k) => k.type.status === status);
  return general?.type.title ?? (status >= 500 ? problems.server.type.title : problems.clientError.type.title);
}
