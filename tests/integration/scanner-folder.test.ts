import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFolderDriver, IMPORTED_DIR, REJECTED_DIR, type FolderOptions } from '../../electron/devices/scanner/folder.js';
import { ingest } from '../../electron/devices/scanner/ingest.js';
import type { ScanRequest } from '../../electron/devices/scanner/types.js';
import { AppError } from '../../shared/errors.js';
import type { ScannedPage } from '../../shared/scanner.js';
import { blobStore, pageImage, pdfWithPages } from '../helpers/scanner.js';

// A capture tool that saves into a folder, played by this test writing real files, slowly.

const req: ScanRequest = { resolution: 300, colour: 'color', duplex: false, pages: 0 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let store: ReturnType<typeof blobStore>;
let dir: string;
let pages: ScannedPage[];
let seenSizes: number[];
beforeEach(() => {
  store = blobStore();
  dir = join(store.dir, 'camera');
  mkdirSync(dir);
  pages = [];
  seenSizes = [];
});
afterEach(() => store.cleanup());

const options = (o: Partial<FolderOptions> = {}): FolderOptions => ({ path: dir, settleMs: 300, waitMs: 3000, idleMs: 600, pollMs: 100, ...o });
const onPage = async (src: Parameters<typeof ingest>[0]) => {
  pages.push(...(await ingest(src, { jpegQuality: 80, maxLongSide: 3508 }, store.sink)));
};

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

/** Writes a file in pieces with pauses, like a capture tool streaming a large image. */
async function writeSlowly(file: string, bytes: Buffer, pieces: number, pauseMs: number): Promise<void> {
  const fh = await open(file, 'w');
  const step = Math.ceil(bytes.length / pieces);
  for (let off = 0; off < bytes.length; off += step) {
    await fh.write(bytes.subarray(off, off + step));
    await fh.sync();
    await sleep(pauseMs);
  }
  await fh.close();
}

describe('folder driver', () => {
  it('takes a file only once it is completely written, and moves it to 已导入', async () => {
    const jpeg = await pageImage(1240, 1754, 'jpeg');
    const [expected] = await ingest({ bytes: jpeg }, { jpegQuality: 80, maxLongSide: 3508 }, store.sink);
    const driver = createFolderDriver(options());
    const scanning = driver.scan(req, async (src) => {
      seenSizes.push('path' in src ? statSync(src.path).size : -1);
      await onPage(src);
    });
    // Four pieces, 150 ms apart: shorter than the settle time, so no half file may be taken.
    await writeSlowly(join(dir, 'IMG_0001.jpg'), jpeg, 4, 150);
    expect(await scanning).toEqual({ cancelled: false });
    expect(seenSizes).toEqual([jpeg.length]);
    expect(pages.map((p) => p.sha256)).toEqual([expected!.sha256]);
    expect(readdirSync(join(dir, IMPORTED_DIR))).toEqual(['IMG_0001.jpg']);
    expect(existsSync(join(dir, REJECTED_DIR))).toBe(false);
    expect(readdirSync(dir).filter((f) => f !== IMPORTED_DIR)).toEqual([]);
  });

  it('picks up files already there, oldest first, images and PDFs, and ignores temp names', async () => {
    writeFileSync(join(dir, 'a.png'), await pageImage(400, 600, 'png'));
    await sleep(30);
    writeFileSync(join(dir, 'b.pdf'), await pdfWithPages(2));
    writeFileSync(join(dir, '~$scan.jpg'), 'lock file');
    writeFileSync(join(dir, '.hidden.jpg'), 'dot file');
    writeFileSync(join(dir, 'c.jpg.part'), 'in progress');
    writeFileSync(join(dir, 'notes.txt'), 'not a page');
    expect(await createFolderDriver(options()).scan(req, onPage)).toEqual({ cancelled: false });
    expect(pages.map((p) => [p.mime, p.pageCount])).toEqual([
      ['image/jpeg', 1],
      ['application/pdf', 2],
    ]);
    expect(readdirSync(join(dir, IMPORTED_DIR)).sort()).toEqual(['a.png', 'b.pdf']);
    expect(existsSync(join(dir, 'c.jpg.part'))).toBe(true);
  });

  it('never takes a file twice: the next scan waits for a new one', async () => {
    writeFileSync(join(dir, 'one.jpg'), await pageImage(300, 400, 'jpeg'));
    const driver = createFolderDriver(options({ waitMs: 800 }));
    await driver.scan({ ...req, pages: 1 }, onPage);
    expect(pages).toHaveLength(1);
    const e = await failure(driver.scan(req, onPage));
    expect(e.message).toMatch(/等待 1 秒仍未收到高拍仪保存的图片/);
    expect(pages).toHaveLength(1);
  });

  it('moves a file that is not an image to 无法识别 and says so', async () => {
    writeFileSync(join(dir, 'broken.jpg'), Buffer.from('this is not a picture at all'));
    const e = await failure(createFolderDriver(options({ settleMs: 200 })).scan(req, onPage));
    expect(e.code).toBe('DEVICE_ERROR');
    expect(e.message).toMatch(/无法识别，已移到“无法识别”文件夹.*不支持的文件类型/);
    expect(readdirSync(join(dir, REJECTED_DIR))).toEqual(['broken.jpg']);
    expect(pages).toHaveLength(0);
  });

  it('a truncated image that never completes is refused, not stored', async () => {
    const jpeg = await pageImage(800, 1000, 'jpeg');
    writeFileSync(join(dir, 'cut.jpg'), jpeg.subarray(0, jpeg.length >> 1));
    const e = await failure(createFolderDriver(options({ settleMs: 200 })).scan(req, onPage));
    expect(e.message).toMatch(/图像文件不完整或已损坏/);
    expect(await store.files.list()).toEqual([]);
  });

  it('can be cancelled while waiting', async () => {
    const driver = createFolderDriver(options({ waitMs: 10_000 }));
    const run = driver.scan(req, onPage);
    await sleep(200);
    driver.cancel();
    expect(await run).toEqual({ cancelled: true });
  });

  it('says when the folder is missing or not set', async () => {
    expect((await failure(createFolderDriver(options({ path: join(dir, 'nope') })).scan(req, onPage))).message).toMatch(/找不到高拍仪保存图片的文件夹/);
    expect((await failure(createFolderDriver(options({ path: '' })).scan(req, onPage))).message).toMatch(/尚未设置/);
  });
});
