// The app version, from package.json at build time (bundled, so the CLI needs no file lookup).
import pkg from '../../package.json';

export const appVersion: string = pkg.version;
