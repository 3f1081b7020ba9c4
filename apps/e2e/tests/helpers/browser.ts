/**
 * Headless Chromium (Debian's `chromium`, driven by playwright-core — nothing downloaded) opening a
 * Temporal Web UI page and waiting for text to appear.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const CANDIDATES = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => Boolean(p));

function chromiumPath(): string {
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new Error('chromium is not installed: apt-get install -y chromium (npm test installs it), or set CHROMIUM_PATH');
  return found;
}

export async function openWorkflowPage(url: string, waitFor: RegExp): Promise<{ text: string }> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await page.getByText(waitFor).first().waitFor({ timeout: 120_000 });
    return { text: await page.locator('body').innerText() };
  } finally {
    await browser.close();
  }
}
