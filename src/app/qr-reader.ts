import jpeg from 'jpeg-js';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';

/**
 * Reads the QR code of an uploaded picture (issue #20 item 3, docs/verify.md): a PNG or a JPEG,
 * told by its first bytes, decoded to pixels (pngjs, jpeg-js) and read by jsQR. A picture a social
 * network re-encoded, shrank or sharpened may not read at first: it is tried again halved (which
 * averages JPEG's ringing away), in pure black and white, and doubled (a small copy whose modules
 * are under two pixels wide).
 */

// jsqr is CommonJS: its function is the module's `default` property.
const jsQR = jsqr.default;

export type PictureKind = 'png' | 'jpeg';

/** Pictures larger than this are refused before decoding: a phone photo is about 12 MP. */
export const MAX_PICTURE_MEGAPIXELS = 24;

interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export function pictureKind(bytes: Uint8Array): PictureKind | null {
  if (bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

/** The picture's pixels (RGBA), or null when its bytes are not a PNG or JPEG this reads. */
export function decodePicture(bytes: Buffer): Pixels | null {
  try {
    switch (pictureKind(bytes)) {
      case 'png': {
        // The size from the header, before decoding: a few kilobytes of PNG can inflate to gigabytes.
        if (bytes.length < 24 || bytes.readUInt32BE(16) * bytes.readUInt32BE(20) > MAX_PICTURE_MEGAPIXELS * 1e6) return null;
        const png = PNG.sync.read(bytes);
        return { data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), width: png.width, height: png.height };
      }
      case 'jpeg': {
        const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_PICTURE_MEGAPIXELS, maxMemoryUsageInMB: 512 });
        return { data: new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), width: image.width, height: image.height };
      }
      default:
        return null;
    }
  } catch {
    return null;
  }
}

/** Pictures are read at most this many pixels on their longer side: a phone photo's modules stay several pixels wide, and jsQR's time grows with the area. */
const READ_SIDE = 1600;

/** The text of the picture's QR code, or null when none reads; `pass` says which try read it. */
export function readQr(picture: Pixels): { text: string; pass: 'as-is' | 'halved' | 'threshold' | 'doubled' } | null {
  let pixels = picture;
  while (Math.max(pixels.width, pixels.height) > READ_SIDE) pixels = halve(pixels);
  // Our codes are dark on light: the inverted search (jsQR's default tries both) would double the time.
  const read = (p: Pixels) => jsQR(p.data, p.width, p.height, { inversionAttempts: 'dontInvert' });
  const first = read(pixels);
  if (first) return { text: first.data, pass: 'as-is' };
  const halved = halve(pixels);
  const second = read(halved);
  if (second) return { text: second.data, pass: 'halved' };
  const third = read(threshold(pixels));
  if (third) return { text: third.data, pass: 'threshold' };
  // A small copy (a link preview's 600 pixels): modules under two pixels wide, which jsQR's
  // sampling misses; doubled, they are wide enough.
  if (pixels.width * pixels.height > 800_000) return null;
  const fourth = read(double(pixels));
  return fourth ? { text: fourth.data, pass: 'doubled' } : null;
}

/** Every 2×2 block averaged into one pixel. */
function halve(p: Pixels): Pixels {
  const width = Math.max(1, p.width >> 1);
  const height = Math.max(1, p.height >> 1);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 4; c++) {
        const at = (dx: number, dy: number) => p.data[((2 * y + dy) * p.width + 2 * x + dx) * 4 + c] ?? 0;
        data[(y * width + x) * 4 + c] = (at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1)) / 4;
      }
  return { data, width, height };
}

/** Black below mid-grey, white above: what a printed code looks like to a reader. */
function threshold(p: Pixels): Pixels {
  const data = new Uint8ClampedArray(p.data.length);
  for (let k = 0; k < p.data.length; k += 4) {
    const v = 0.299 * p.data[k] + 0.587 * p.data[k + 1] + 0.114 * p.data[k + 2] < 128 ? 0 : 255;
    data[k] = data[k + 1] = data[k + 2] = v;
    data[k + 3] = 255;
  }
  return { data, width: p.width, height: p.height };
}

/** Every pixel made a 2×2 block, its neighbours blended in (bilinear). */
function double(p: Pixels): Pixels {
  const width = p.width * 2;
  const height = p.height * 2;
  const data = new Uint8ClampedArray(width * height * 4);
  const at = (x: number, y: number, c: number) => p.data[(Math.min(y, p.height - 1) * p.width + Math.min(x, p.width - 1)) * 4 + c];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const sx = (x - 0.5) / 2;
      const sy = (y - 0.5) / 2;
      const x0 = Math.max(0, Math.floor(sx));
      const y0 = Math.max(0, Math.floor(sy));
      const fx = Math.max(0, sx - x0);
      const fy = Math.max(0, sy - y0);
      for (let c = 0; c < 4; c++)
        data[(y * width + x) * 4 + c] =
          at(x0, y0, c) * (1 - fx) * (1 - fy) + at(x0 + 1, y0, c) * fx * (1 - fy) + at(x0, y0 + 1, c) * (1 - fx) * fy + at(x0 + 1, y0 + 1, c) * fx * fy;
    }
  return { data, width, height };
}

export type QrReading = { kind: 'read'; text: string; pass: 'as-is' | 'halved' | 'threshold' | 'doubled' } | { kind: 'format' } | { kind: 'unread' };

/** A PNG's or JPEG's bytes to the text of its QR code: what the reading thread does (qr-thread.ts). */
export function readPictureQr(bytes: Buffer): QrReading {
  const pixels = decodePicture(bytes);
  if (!pixels) return { kind: 'format' };
  const read = readQr(pixels);
  return read ? { kind: 'read', ...read } : { kind: 'unread' };
}
