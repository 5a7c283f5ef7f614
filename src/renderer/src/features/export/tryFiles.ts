/**
 * Images dropped on "Try it" travel inline to the service (base64), so the contract's limits apply
 * here first: at most 16 files, each at most 20 MB, 40 MB in all, and only images. What is refused is said, file by
 * file, rather than silently dropped.
 */
export const MAX_TRY_FILES = 16;
export const MAX_TRY_BYTES = 20 * 1024 * 1024;
/** All the images of one try together (the contract's `maxInlineBase64Chars`, before base64). */
export const MAX_TRY_TOTAL_BYTES = 40 * 1024 * 1024;

const imageExtensions = /\.(jpe?g|png|gif|webp|bmp|tiff?|avif|heic|heif)$/i;

export interface FileLike {
  name: string;
  size: number;
  type: string;
}

export interface TryCheck<F extends FileLike> {
  accepted: F[];
  refused: string[];
}

function isImage(file: FileLike): boolean {
  return file.type.startsWith('image/') || (file.type === '' && imageExtensions.test(file.name));
}

/** Splits dropped files into those to send and the reasons the others were refused. */
export function checkTryFiles<F extends FileLike>(files: readonly F[]): TryCheck<F> {
  const accepted: F[] = [];
  const refused: string[] = [];
  let total = 0;
  for (const file of files) {
    if (!isImage(file)) {
      refused.push(`${file.name} is not an image (${file.type || 'unknown type'}).`);
    } else if (file.size === 0) {
      refused.push(`${file.name} is empty.`);
    } else if (file.size > MAX_TRY_BYTES) {
      refused.push(
        `${file.name} is ${(file.size / (1024 * 1024)).toFixed(1)} MB; images up to 20 MB can be tried here.`,
      );
    } else if (accepted.length >= MAX_TRY_FILES) {
      refused.push(`${file.name} was left out: at most ${MAX_TRY_FILES} images at a time.`);
    } else if (total + file.size > MAX_TRY_TOTAL_BYTES) {
      refused.push(`${file.name} was left out: the images tried at once may total 40 MB.`);
    } else {
      accepted.push(file);
      total += file.size;
    }
  }
  return { accepted, refused };
}

/** "cat.jpg", "cat.jpg" → "cat.jpg", "cat (2).jpg": results are matched to previews by name. */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    if (count === 1) return name;
    const dot = name.lastIndexOf('.');
    return dot > 0 ? `${name.slice(0, dot)} (${count})${name.slice(dot)}` : `${name} (${count})`;
  });
}

/** Reads a file as a data URL (for the preview) and its base64 payload (for the request). */
export function readAsDataUrl(file: Blob): Promise<{ dataUrl: string; base64: string }> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('Could not read the file.'));
    reader.onload = () => {
      const dataUrl = typeof reader.result === 'string' ? reader.result : '';
      const comma = dataUrl.indexOf(',');
      resolve({ dataUrl, base64: comma === -1 ? '' : dataUrl.slice(comma + 1) });
    };
    reader.readAsDataURL(file);
  });
}
