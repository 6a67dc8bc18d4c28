import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const p = await b.newPage({ viewport: { width: Number(process.argv[3] ?? 1280), height: 700 } });
await p.goto('http://127.0.0.1:4173/index.html' + process.argv[2]);
await p.waitForSelector('html[data-ready="1"]');
await p.screenshot({ path: '/tmp/top.png' });
await b.close();
