/**
 * What a file's first and last bytes say, used only to explain a failure well: a BMP saved as `.jpg`
 * is "unsupported", a renamed text file is "not an image", a JPEG/PNG without its end marker is
 * "truncated" rather than "corrupt".
 */

export type Signature =
  | 'jpeg'
  | 'png'
  | 'gif'
  | 'webp'
  | 'tiff'
  | 'avif'
  | 'heic'
  | 'bmp'
  | 'ico'
  | 'psd'
  | 'jp2'
  | 'jxl'
  | 'svg'
  | 'pdf'
  | 'text'
  | 'unknown';

/** Formats sharp decodes here; a failure on one of these is corruption or truncation. */
export const decodableSignatures: ReadonlySet<Signature> = new Set([
  'jpeg',
  'png',
  'gif',
  'webp',
  'tiff',
  'avif',
]);

/** Image formats deskfit recognises but cannot decode. */
export const unsupportedSignatures: ReadonlySet<Signature> = new Set([
  'heic',
  'bmp',
  'ico',
  'psd',
  'jp2',
  'jxl',
  'svg',
]);

const ascii = (head: Buffer, start: number, text: string): boolean =>
  head.length >= start + text.length && head.toString('latin1', start, start + text.length) === text;

function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  for (const byte of head) {
    const printable = byte === 9 || byte === 10 || byte === 13 || (byte >= 32 && byte < 127) || byte >= 0x80;
    if (!printable) return false;
  }
  return true;
}

/** `head`: the file's first bytes (32 are enough). */
export function sniffSignature(head: Buffer): Signature {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (ascii(head, 0, '\x89PNG\r\n\x1a\n')) return 'png';
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return 'gif';
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return 'webp';
  if (ascii(head, 0, 'II*\0') || ascii(head, 0, 'MM\0*')) return 'tiff';
  if (ascii(head, 4, 'ftyp')) {
    const brand = head.toString('latin1', 8, 12);
    if (brand === 'avif' || brand === 'avis') return 'avif';
    if (['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return 'heic';
  }
  if (ascii(head, 0, 'BM')) return 'bmp';
  if (head.length >= 4 && head[0] === 0 && head[1] === 0 && head[2] === 1 && head[3] === 0) return 'ico';
  if (ascii(head, 0, '8BPS')) return 'psd';
  if (ascii(head, 0, '\0\0\0\x0cjP  ') || (head[0] === 0xff && head[1] === 0x4f && head[2] === 0xff))
    return 'jp2';
  if ((head[0] === 0xff && head[1] === 0x0a) || ascii(head, 0, '\0\0\0\x0cJXL ')) return 'jxl';
  if (ascii(head, 0, '%PDF')) return 'pdf';
  const start = head.toString('latin1').trimStart();
  if (start.startsWith('<svg') || start.startsWith('<?xml')) return 'svg';
  if (looksLikeText(head)) return 'text';
  return 'unknown';
}

/** `tail`: the file's last bytes (32 are enough); `size`: its length. */
export function looksTruncated(signature: Signature, head: Buffer, tail: Buffer, size: number): boolean {
  switch (signature) {
    case 'jpeg':
      return tail.lastIndexOf(Buffer.from([0xff, 0xd9])) < 0;
    case 'png':
      return !(tail.length >= 8 && tail.toString('latin1', tail.length - 8, tail.length - 4) === 'IEND');
    case 'gif':
      return tail[tail.length - 1] !== 0x3b;
    case 'webp':
      return head.length >= 8 && head.readUInt32LE(4) + 8 > size;
    default:
      return false;
  }
}

const names: Record<Signature, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  webp: 'WebP',
  tiff: 'TIFF',
  avif: 'AVIF',
  heic: 'HEIC',
  bmp: 'BMP',
  ico: 'ICO',
  psd: 'Photoshop (PSD)',
  jp2: 'JPEG 2000',
  jxl: 'JPEG XL',
  svg: 'SVG',
  pdf: 'PDF',
  text: 'text',
  unknown: 'unknown',
};

export function signatureName(signature: Signature): string {
  return names[signature];
}
