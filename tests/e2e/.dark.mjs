import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 1280, height: 1400 }, colorScheme: 'dark' });
await p.goto('http://127.0.0.1:4173/index.html#/' + process.argv[2]);
await p.waitForSelector('html[data-ready="1"]');
await p.locator('[data-fig] .hm-cell').nth(3).focus();
await p.screenshot({ path: '/tmp/dark.png', clip: { x: 0, y: 500, width: 1280, height: 1100 } });
await b.close();
