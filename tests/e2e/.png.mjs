import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
await p.goto('http://127.0.0.1:4173/index.html#/' + process.argv[2]);
await p.waitForSelector('html[data-ready="1"]');
const [d] = await Promise.all([p.waitForEvent('download'), p.locator(`[data-fig="${process.argv[3]}"]`).getByRole('button', { name: /^PNG/ }).click()]);
await d.saveAs('/tmp/export.png');
await b.close();
