import { describe, expect, it } from 'vitest';

import { UploadQueue, uploadQueueSize } from './upload-queue.ts';

describe('UploadQueue', () => {
  it('runs up to `running` at once, lets `waiting` wait in order, and refuses beyond', async () => {
    const queue = new UploadQueue({ running: 2, waiting: 2 });
    const a = queue.enter()!;
    const b = queue.enter()!;
    const c = queue.enter()!;
    const d = queue.enter()!;
    expect([a.queued, b.queued, c.queued, d.queued]).toEqual([false, false, true, true]);
    expect(queue.enter()).toBeNull();
    expect(queue.load).toEqual({ running: 2, waiting: 2 });

    const started: string[] = [];
    void c.turn.then(() => started.push('c'));
    void d.turn.then(() => started.push('d'));
    a.release();
    a.release(); // twice is once
    await Promise.resolve();
    expect(started).toEqual(['c']);
    expect(queue.load).toEqual({ running: 2, waiting: 1 });
    b.release();
    await Promise.resolve();
    expect(started).toEqual(['c', 'd']);
    c.release();
    d.release();
    expect(queue.load).toEqual({ running: 0, waiting: 0 });
  });

  it('frees a waiting place left before its turn, without taking a running slot', () => {
    const queue = new UploadQueue({ running: 1, waiting: 1 });
    const a = queue.enter()!;
    const b = queue.enter()!;
    expect(queue.enter()).toBeNull();
    b.release();
    expect(queue.load).toEqual({ running: 1, waiting: 0 });
    const c = queue.enter()!;
    expect(c.queued).toBe(true);
    a.release();
    expect(queue.load).toEqual({ running: 1, waiting: 0 });
    c.release();
    expect(queue.load).toEqual({ running: 0, waiting: 0 });
  });

  it('reads its size from the environment, refusing nonsense', () => {
    expect(uploadQueueSize({})).toEqual({ running: 2, waiting: 8 });
    expect(uploadQueueSize({ VX_UPLOADS_RUNNING: '1', VX_UPLOADS_WAITING: '0' })).toEqual({ running: 1, waiting: 0 });
    expect(() => uploadQueueSize({ VX_UPLOADS_RUNNING: '0' })).toThrow(/VX_UPLOADS_RUNNING/);
    expect(() => uploadQueueSize({ VX_UPLOADS_WAITING: 'many' })).toThrow(/VX_UPLOADS_WAITING/);
  });
});
