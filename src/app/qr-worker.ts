/**
 * The thread that reads an uploaded picture's QR code (qr-thread.ts): decoding a phone photo and
 * searching it takes seconds of CPU, which must not hold the server's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { readPictureQr } from './qr-reader.ts';

parentPort!.postMessage(readPictureQr(Buffer.from(workerData as Uint8Array)));
