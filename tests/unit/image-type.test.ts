import { detectImageType } from '../../src/plugins/booking/server/src/domain/image-type';

describe('detectImageType', () => {
  test.each([
    ['jpeg', [0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'image/jpeg'],
    ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0], 'image/png'],
    ['gif', [0x47, 0x49, 0x46, 0x38, 0x39, 0x61], 'image/gif'],
    ['webp', [0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50], 'image/webp'],
    ['riff but not webp', [0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x41, 0x56, 0x45], null],
    ['text', [...Buffer.from('not an image')], null],
    ['truncated png', [0x89, 0x50, 0x4e], null],
    ['empty', [], null],
  ])('%s', (_label, bytes, expected) => {
    expect(detectImageType(Uint8Array.from(bytes as number[]))).toBe(expected);
  });
});
