/** The /verify page's words (docs/verify.md), Vietnamese first, English as the switch. */
export type Lang = 'vi' | 'en';

const KINDS_VI: Record<string, string> = {
  'city-map': 'bản đồ thành phố',
  'district-map': 'bản đồ quận, huyện',
  'unit-card': 'thẻ đơn vị',
  standings: 'bảng xếp hạng',
  progress: 'biểu đồ tiến độ',
  bulletin: 'bản tin',
};
const KINDS_EN: Record<string, string> = {
  'city-map': 'city map',
  'district-map': 'district map',
  'unit-card': 'unit card',
  standings: 'standings',
  progress: 'progress chart',
  bulletin: 'bulletin',
};

const vi = {
  pageTitle: 'Kiểm chứng',
  navMap: 'Bản đồ',
  navCampaign: 'Thi đua',
  navBulletin: 'Bản tin',
  navVerify: 'Kiểm chứng',
  switchTo: 'English',
  intro:
    'Mỗi ảnh và bản tin của Vùng Xanh mang một mã QR và một đường dẫn ngắn, ký bằng khoá của hệ thống. Tải ảnh lên (PNG hoặc JPEG, kể cả ảnh đã qua mạng xã hội) hoặc dán đường dẫn: trang này kiểm tra chữ ký và đặt bản chính thức cạnh ảnh của bạn, để thấy ngay nếu số liệu đã bị sửa.',
  fileLabel: 'Ảnh cần kiểm chứng (PNG, JPEG)',
  signatureLabel: 'Chữ ký của tệp gốc (không bắt buộc, từ tệp .sig)',
  urlLabel: 'Hoặc đường dẫn ngắn (…/v/…)',
  submit: 'Kiểm chứng',
  checking: 'Đang kiểm chứng…',
  official: 'Chính thức: chữ ký hợp lệ. So sánh số liệu trên ảnh của bạn với bản chính thức bên cạnh — nếu khác, ảnh đã bị sửa.',
  original: 'Bản gốc: tệp đúng từng byte với tệp Vùng Xanh đã ký.',
  refused: 'Không xác nhận được',
  yours: 'Ảnh bạn tải lên',
  officialRendering: 'Bản chính thức',
  state: (what: string, date: string, position: number, key: string) =>
    `${KINDS_VI[what] ?? what}, ngày ${date}; vị trí dòng thay đổi ${position}; khoá ${key}`,
  moved: (position: number, now: number) =>
    `Số liệu đã cập nhật từ vị trí ${position} đến ${now}: bản chính thức dưới đây là ảnh này vẽ theo số liệu hiện nay; nếu số liệu của ngày đó được đính chính sau khi ảnh được phát hành, hai bản có thể khác nhau.`,
  kept: (position: number, now: number) =>
    `Số liệu đã cập nhật từ vị trí ${position} đến ${now}; bản chính thức dưới đây là đúng ảnh đã phát hành ở vị trí ${position}, được lưu lại khi vẽ.`,
  openPage: 'Mở trang liên quan',
  keys: 'Khoá công khai',
  needInput: 'Hãy chọn một ảnh hoặc dán đường dẫn.',
};

const en: typeof vi = {
  pageTitle: 'Verify',
  navMap: 'Map',
  navCampaign: 'Campaign',
  navBulletin: 'Bulletin',
  navVerify: 'Verify',
  switchTo: 'Tiếng Việt',
  intro:
    'Every Vùng Xanh image and bulletin carries a QR code and a short URL, signed with the system’s key. Upload the picture (PNG or JPEG, even one a social network re-encoded) or paste the URL: this page checks the signature and puts the official rendering beside your picture, so edited figures show at a glance.',
  fileLabel: 'Picture to verify (PNG, JPEG)',
  signatureLabel: 'Original file’s signature (optional, from its .sig file)',
  urlLabel: 'Or the short URL (…/v/…)',
  submit: 'Verify',
  checking: 'Verifying…',
  official:
    'Official: the signature is valid. Compare the figures on your picture with the official rendering beside it — if they differ, the picture was edited.',
  original: 'Original file: byte for byte the file Vùng Xanh signed.',
  refused: 'Not verified',
  yours: 'Your picture',
  officialRendering: 'Official rendering',
  state: (what: string, date: string, position: number, key: string) => `${KINDS_EN[what] ?? what}, ${date}; change-feed position ${position}; key ${key}`,
  moved: (position: number, now: number) =>
    `The data moved on from position ${position} to ${now}: the official rendering below is this image drawn from today’s data; if that day’s figures were corrected after the image was published, the two may differ.`,
  kept: (position: number, now: number) =>
    `The data moved on from position ${position} to ${now}; the official rendering below is the very image published at position ${position}, kept when it was drawn.`,
  openPage: 'Open the related page',
  keys: 'Public keys',
  needInput: 'Choose a picture or paste a URL.',
};

export const VERIFY_STRINGS = { vi, en };
