import { chromium } from '@playwright/test';
const [, , route = '', width = '390', seg = '1300'] = process.argv;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const p = await b.newPage({ viewport: { width: Number(width), height: 900 } });
await p.goto('http://127.0.0.1:4173/index.html#/' + route);
await p.waitForSelector('html[data-ready="1"]');
const H = await p.evaluate(() => document.documentElement.scrollHeight);
for (let k = 0, y = 0; y < H; k++, y += Number(seg)) {
  await p.screenshot({
    path: `/tmp/seg-${route || 'home'}-${k}.png`,
    fullPage: true,
    clip: { x: 0, y, width: Number(width), height: Math.min(Number(seg), H - y) },
  });
}
console.log(H);
await b.close();
