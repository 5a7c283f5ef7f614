/**
 * How the user likes the app to behave, kept per user by the service (in deskfit's home folder), so
 * a browser on `deskfit serve` remembers them whatever port serve picked, as the desktop app does.
 */
import { z } from 'zod';

/** Thumbnail sizes the Label grid offers. */
export const gridSizes = ['small', 'medium', 'large'] as const;
export type GridSize = (typeof gridSizes)[number];

export const UiPreferencesSchema = z.object({
  /** In the large view, labelling an image moves on to the next one. */
  advanceAfterLabel: z.boolean(),
  /** How big the Label grid's thumbnails are. */
  gridSize: z.enum(gridSizes),
});
export type UiPreferences = z.infer<typeof UiPreferencesSchema>;

export const defaultUiPreferences: UiPreferences = { advanceAfterLabel: true, gridSize: 'medium' };
