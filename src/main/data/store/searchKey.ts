/**
 * Search by file name folds case for every script, not only A–Z as SQLite's LIKE does: each item with
 * a non-ASCII path stores its folded path in `items.search_key` (ASCII paths store NULL and are
 * matched by LIKE itself, which already folds A–Z), and the search text is folded the same way. Kept
 * in a column rather than a SQL function so a search stays one walk over a covering index: a JS
 * function called per row measured ~10× slower at 100,000 non-ASCII names.
 */

/**
 * Case-folded, NFC: `É`→`é`, NFD `e◌́`→`é`, `ß`→`ss` (through upper case), final `ς`→`σ`. Close to
 * Unicode full case folding, which JavaScript has no direct call for.
 */
export function foldForSearch(text: string): string {
  return text.normalize('NFC').toUpperCase().toLowerCase().normalize('NFC').replaceAll('ς', 'σ');
}

// Printable ASCII plus tab: what LIKE folds correctly on its own. Anything else gets a search key.
const plainAscii = /^[\t\x20-\x7e]*$/;

/** The `search_key` to store for a path: null when LIKE on the path itself already matches right. */
export function searchKeyOf(path: string): string | null {
  return plainAscii.test(path) ? null : foldForSearch(path);
}
