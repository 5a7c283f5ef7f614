/**
 * How file names are compared. A name's bytes depend on where it was made: macOS writes "café" in NFD
 * (e + U+0301), most other tools and every CSV typed by hand in NFC, and Linux keeps whichever it was
 * given. Items keep the name exactly as on disk (so the file opens); names are compared through this
 * key, so a CSV row in one form finds a file in the other.
 */
export function nameKey(path: string): string {
  return path.normalize('NFC');
}
