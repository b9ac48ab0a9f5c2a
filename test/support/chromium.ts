// The headless Chromium every browser test drives: Debian's, started with the flags a machine
// without outside network needs.
import { existsSync } from 'node:fs';

/** Where Debian's `chromium` package puts the browser (`pnpm test` installs it on Debian). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Headless, as root (no sandbox), without GPU, and without the background connections (updates,
 * sync, component downloads) that a closed network refuses by the dozen.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** @throws {Error} naming the package to install when Chromium is not there. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Headless browser tests need Chromium at ${CHROMIUM} (Debian package chromium)`,
    );
}
