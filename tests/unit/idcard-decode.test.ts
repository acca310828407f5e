import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { bmpToPng, photoFrom, sniffImage } from '../../electron/devices/idcard/image.js';
import { decodeTextBlock } from '../../electron/devices/idcard/sdk-sdtapi.js';
import { decodeText, detectEncoding } from '../../electron/devices/idcard/text.js';
import { IdCardError } from '../../electron/devices/idcard/types.js';
import { makeBmp } from '../helpers/idcard.js';

function thrown(f: () => unknown): IdCardError {
  try {
    f();
  } catch (err) {
    if (err instanceof IdCardError) return err;
    throw err;
  }
  throw new Error('expected an IdCardError');
}

/** A UCS-2 text block laid out field by field, space-padded like the chip's. */
function block(fields: [offset: number, width: number, text: string][]): Buffer {
  const b = Buffer.from(' '.repeat(128), 'utf16le');
  for (const [offset, width, text] of fields) {
    const t = Buffer.from(text.padEnd(width / 2, ' '), 'utf16le');
    t.copy(b, offset, 0, width);
  }
  return b;
}

describe('vendor text', () => {
  it('decodes GBK and UTF-16LE up to the terminator, trimming padding', () => {
    const gbk = Buffer.from([0xc1, 0xf5, 0xd6, 0xbe, 0xc7, 0xbf, 0x20, 0x00, 0x41]);
    expect(decodeText(gbk, 'gbk', '姓名')).toBe('刘志强');
    expect(decodeText(Buffer.from('刘志强  \0\0xx', 'utf16le'), 'utf-16le', '姓名')).toBe('刘志强');
  });

  it('reads rare name characters that plain GBK decoders get wrong', () => {
    // 刘䶮: 䶮 is FE 9F in GB18030; 𠀀 needs four bytes.
    expect(decodeText(Buffer.from([0xc1, 0xf5, 0xfe, 0x9f]), 'gbk', '姓名')).toBe('刘䶮');
    expect(decodeText(Buffer.from([0x95, 0x32, 0x82, 0x36, 0x00]), 'gbk', '姓名')).toBe('𠀀');
  });

  it('refuses bytes that are not text instead of guessing', () => {
    const e = thrown(() => decodeText(Buffer.from([0x81, 0x20, 0xff, 0xfe]), 'gbk', '姓名'));
    expect(e.kind).toBe('garbage');
    expect(e.message).toContain('姓名不是有效的 GBK/GB18030 文字');
    expect(e.message).toContain('可直接输入证件号码');
    expect(thrown(() => decodeText(Buffer.from([0x00, 0xd8, 0x41, 0x00]), 'utf-16le', '姓名')).message).toContain('UTF-16LE');
  });

  it('tells the encoding from the ASCII ID number', () => {
    expect(detectEncoding(Buffer.from('230103198310050614', 'utf16le'))).toBe('utf-16le');
    expect(detectEncoding(Buffer.from('230103198310050614\0', 'latin1'))).toBe('gbk');
    expect(detectEncoding(new Uint8Array(0))).toBe('gbk');
  });
});

describe('card photos', () => {
  it('turns a bottom-up 24-bit BMP into a PNG with the same pixels', async () => {
    const png = bmpToPng(makeBmp())!;
    expect(sniffImage(png)).toBe('png');
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([102, 126, 3]);
    const px = (x: number, y: number) => [...data.subarray((y * 102 + x) * 3, (y * 102 + x) * 3 + 3)];
    expect(px(0, 0)).toEqual([0, 0, 128]);
    expect(px(101, 125)).toEqual([202, 250, 128]);
    expect(px(10, 3)).toEqual([20, 6, 128]);
  });

  it('handles top-down BMPs and refuses what is not an uncompressed BMP', async () => {
    const bmp = makeBmp(4, 2);
    // Flip to top-down: negative height, rows swapped.
    const row = 12;
    const topDown = Buffer.from(bmp);
    topDown.writeInt32LE(-2, 22);
    bmp.copy(topDown, 54, 54 + row, 54 + 2 * row);
    bmp.copy(topDown, 54 + row, 54, 54 + row);
    const { data } = await sharp(bmpToPng(topDown)!).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)]).toEqual([0, 0, 128]);
    expect([...data.subarray(4 * 3, 4 * 3 + 3)]).toEqual([0, 2, 128]);
    const truncated = makeBmp().subarray(0, 1000);
    expect(bmpToPng(truncated)).toBeNull();
    const rle = makeBmp();
    rle.writeUInt32LE(1, 30);
    expect(bmpToPng(rle)).toBeNull();
  });

  it('passes JPEG and PNG through and reports anything else as a problem, not an error', () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    expect(photoFrom(jpeg).photo?.mime).toBe('image/jpeg');
    expect(photoFrom(bmpToPng(makeBmp())!).photo?.mime).toBe('image/png');
    const junk = photoFrom(Buffer.from('hello world, not an image'));
    expect(junk.photo).toBeNull();
    expect(junk.problem).toContain('照片无法识别');
    expect(photoFrom(null)).toEqual({ photo: null });
    expect(photoFrom(Buffer.alloc(400 * 1024, 1)).problem).toContain('过大');
  });
});

describe('sdtapi text block', () => {
  const resident: [number, number, string][] = [
    [0, 30, '刘志强'],
    [30, 2, '1'],
    [32, 4, '01'],
    [36, 16, '19831005'],
    [52, 70, '黑龙江省哈尔滨市南岗区学府路74号'],
    [122, 36, '230103198310050614'],
    [158, 30, '哈尔滨市公安局南岗分局'],
    [188, 16, '20160320'],
    [204, 16, '20360320'],
  ];

  it('reads a resident card by its fixed widths', () => {
    expect(decodeTextBlock(block(resident))).toEqual({
      cardType: 'resident',
      name: '刘志强',
      sex: '1',
      ethnicity: '01',
      birthDate: '19831005',
      address: '黑龙江省哈尔滨市南岗区学府路74号',
      idNumber: '230103198310050614',
      issuer: '哈尔滨市公安局南岗分局',
      validFrom: '20160320',
      validTo: '20360320',
    });
  });

  it('reads residence permits (J) and 2017 foreigner cards (I)', () => {
    const permit = decodeTextBlock(block([...resident.slice(0, 2), [122, 36, '820000199611080032'], [248, 2, 'J']]));
    expect(permit).toMatchObject({ cardType: 'hk_macao_tw_permit', ethnicity: '', idNumber: '820000199611080032' });
    const foreigner = decodeTextBlock(
      block([
        [0, 120, 'IVANOVA, MARIA'],
        [120, 2, '2'],
        [122, 30, 'RUS230090022102'],
        [152, 6, 'RUS'],
        [158, 30, '伊万诺娃'],
        [188, 16, '20200110'],
        [204, 16, '20300110'],
        [220, 16, '19900221'],
        [248, 2, 'I'],
      ]),
    );
    expect(foreigner).toMatchObject({ cardType: 'foreigner_permanent', name: '伊万诺娃', englishName: 'IVANOVA, MARIA', nationality: 'RUS', idNumber: 'RUS230090022102', birthDate: '19900221', address: '' });
  });

  it('refuses a block of the wrong size or an unknown card type', () => {
    expect(thrown(() => decodeTextBlock(Buffer.alloc(100))).kind).toBe('garbage');
    const unknown = thrown(() => decodeTextBlock(block([...resident, [248, 2, 'Y']])));
    expect(unknown.kind).toBe('unreadable');
    expect(unknown.message).toContain('“Y”');
  });
});
