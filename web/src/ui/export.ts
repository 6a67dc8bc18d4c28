// ui/export.ts — exports a figure: PNG (its SVG drawn onto a canvas at 2×, on a plain background)
// and CSV (the numbers the figure shows, full float precision). File download only; the numbers
// come from the figure's own data, which came from the core. `download` also saves the home
// page's progress file.
import { t } from './i18n';

/** Saves `blob` as file `name` (a temporary link, clicked and removed at once). */
export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadCsv(name: string, csv: string): void {
  download(`${name}.csv`, new Blob([csv], { type: 'text/csv;charset=utf-8' }));
}

/** Rasterizes an SVG (with a title line above it) to PNG; colours of text are made explicit. */
export async function downloadPng(name: string, svgEl: SVGSVGElement, title: string): Promise<void> {
  const vb = svgEl.viewBox.baseVal;
  const w = vb && vb.width ? vb.width : svgEl.clientWidth || 400;
  const hgt = vb && vb.height ? vb.height : svgEl.clientHeight || 300;
  const clone = svgEl.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(w));
  clone.setAttribute('height', String(hgt));
  clone.setAttribute('style', 'color:#111111;font-family:system-ui,sans-serif');
  const xml = new XMLSerializer().serializeToString(clone);
  const img = new Image();
  img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(xml);
  await img.decode();
  const pad = 16;
  const head = 28;
  const foot = 22;
  const k = 2;
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.font = '600 15px system-ui, sans-serif';
  const cw = Math.max(w, ctx.measureText(title).width) + 2 * pad;
  const ch = hgt + 2 * pad + head + foot;
  canvas.width = Math.ceil(cw * k);
  canvas.height = Math.ceil(ch * k);
  ctx.scale(k, k);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, cw, ch);
  ctx.fillStyle = '#111111';
  ctx.font = '600 15px system-ui, sans-serif';
  ctx.fillText(title, pad, pad + 14);
  ctx.drawImage(img, pad, pad + head, w, hgt);
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillStyle = '#555555';
  ctx.fillText(t('export.credit'), pad, ch - pad / 2 - 4);
  const blob = await new Promise<Blob | null>((res) => canvas.toBlob(res, 'image/png'));
  if (blob) download(`${name}.png`, blob);
}
