import { chromium } from '@playwright/test';
const [, , route = '', width = '1280', out = '/tmp/shot.png', full = '1'] = process.argv;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const p = await b.newPage({ viewport: { width: Number(width), height: 900 } });
const errs = [];
p.on('console', (m) => {
  if (m.type() === 'error' || m.type() === 'warning') errs.push(m.text());
});
p.on('pageerror', (e) => errs.push('PAGEERROR ' + e.message));
await p.goto('http://127.0.0.1:4173/index.html#/' + route);
await p.waitForSelector('html[data-ready="1"]', { timeout: 10000 }).catch(() => errs.push('not ready'));
await p.waitForTimeout(300);
await p.screenshot({ path: out, fullPage: full === '1' });
console.log(errs.join('\n'));
await b.close();
