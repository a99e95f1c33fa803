#!/usr/bin/env node
// Draws the app icon (a receipt with a "delivered" tick) and writes every file electron-builder
// and the tray need: icon.png (512), icon.ico (Windows), icon.icns (macOS), icons/NxN.png
// (Linux), tray/*.png. No image library: shapes are sampled per pixel and written with zlib.
// Run: node build/make-icons.mjs   (the generated files are committed)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

// ---- PNG encoding -------------------------------------------------------------------------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- Shapes in unit coordinates (0..1) ----------------------------------------------------
function inRoundedRect(x, y, left, top, right, bottom, radius) {
  if (x < left || x > right || y < top || y > bottom) return false;
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}
function inReceipt(x, y) {
  if (x < 0.29 || x > 0.71 || y < 0.2) return false;
  // Torn bottom edge: a zigzag between 0.74 and 0.78.
  const tooth = 0.07;
  const phase = ((x - 0.29) % tooth) / tooth;
  const edge = 0.74 + 0.04 * (phase < 0.5 ? phase * 2 : (1 - phase) * 2);
  return y <= edge;
}
const receiptLines = [
  [0.35, 0.3, 0.65, 0.335],
  [0.35, 0.4, 0.58, 0.435],
  [0.35, 0.5, 0.62, 0.535],
];
function inLine(x, y) {
  return receiptLines.some(([l, t, r, b]) => inRoundedRect(x, y, l, t, r, b, 0.0175));
}
function inBadge(x, y) {
  return (x - 0.7) ** 2 + (y - 0.71) ** 2 <= 0.16 ** 2;
}
function distanceToSegment(x, y, ax, ay, bx, by) {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
}
function inTick(x, y) {
  const width = 0.027;
  return distanceToSegment(x, y, 0.625, 0.715, 0.68, 0.77) <= width || distanceToSegment(x, y, 0.68, 0.77, 0.78, 0.65) <= width;
}

const BLUE_TOP = [47, 125, 225];
const BLUE_BOTTOM = [22, 72, 160];
const WHITE = [255, 255, 255];
const INK = [150, 175, 210];
const GREEN = [34, 170, 100];

/** Colour of one sample, or null for transparent. */
function appIconSample(x, y) {
  const background = BLUE_BOTTOM.map((c, i) => Math.round(c + (BLUE_TOP[i] - c) * (1 - y)));
  if (inBadge(x, y)) return inTick(x, y) ? WHITE : GREEN;
  // A ring in the background colour separates the badge from the receipt.
  if ((x - 0.7) ** 2 + (y - 0.71) ** 2 <= 0.185 ** 2) return background;
  if (inReceipt(x, y)) return inLine(x, y) ? INK : WHITE;
  return inRoundedRect(x, y, 0.06, 0.06, 0.94, 0.94, 0.2) ? background : null;
}

/** Tray: the receipt silhouette only, black (macOS template) or white-on-blue. */
function traySample(template) {
  return (x, y) => {
    const receipt = x >= 0.2 && x <= 0.8 && y >= 0.08 && y <= 0.92 && inReceipt(0.29 + ((x - 0.2) / 0.6) * 0.42, 0.2 + ((y - 0.08) / 0.84) * 0.58);
    if (!receipt) return template ? null : inRoundedRect(x, y, 0, 0, 1, 1, 0.2) ? BLUE_BOTTOM : null;
    const line = inLine(0.29 + ((x - 0.2) / 0.6) * 0.42, 0.2 + ((y - 0.08) / 0.84) * 0.58);
    if (template) return line ? null : [0, 0, 0];
    return line ? BLUE_BOTTOM : WHITE;
  };
}

/**
 * Tray variants (src/main/core/tray/tray-view.ts trayIconFile): a badge at the lower right says
 * at a glance that entries wait (amber dot), need the user (red dot) or the app is offline
 * (grey ring). macOS template images are tinted by the OS, so there the shape alone tells.
 */
const BADGE = { pending: [245, 166, 35], error: [214, 40, 40], offline: [138, 143, 152] };
function trayVariantSample(template, variant) {
  const base = traySample(template);
  return (x, y) => {
    const d2 = (x - 0.74) ** 2 + (y - 0.74) ** 2;
    if (d2 <= 0.27 ** 2 && d2 > 0.22 ** 2) return null; // a clear gap around the badge
    if (d2 <= 0.22 ** 2) {
      if (variant === 'offline' && d2 <= 0.12 ** 2) return null;
      return template ? [0, 0, 0] : BADGE[variant];
    }
    return base(x, y);
  };
}

/** Renders with 4x4 supersampling so edges are smooth at every size. */
function render(size, sample) {
  const rgba = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const color = sample((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          if (!color) continue;
          r += color[0];
          g += color[1];
          b += color[2];
          a += 1;
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) rgba.set([Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round((255 * a) / (n * n))], o);
    }
  }
  return encodePng(size, rgba);
}

// ---- Containers ---------------------------------------------------------------------------
function encodeIco(pngs) {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(({ size, png }, i) => {
    const e = 6 + i * 16;
    header[e] = size >= 256 ? 0 : size;
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs.map(({ png }) => png)]);
}
function encodeIcns(entries) {
  const parts = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((sum, p) => sum + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

// ---- Output -------------------------------------------------------------------------------
function write(relative, data) {
  const file = join(here, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, data);
  console.log(`${relative}  ${data.length} bytes`);
}

const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const pngs = new Map(sizes.map((size) => [size, render(size, appIconSample)]));

write('icon.png', pngs.get(512));
for (const size of [16, 32, 48, 64, 128, 256, 512]) write(`icons/${size}x${size}.png`, pngs.get(size));
write('icon.ico', encodeIco([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: pngs.get(size) }))));
write(
  'icon.icns',
  encodeIcns([
    { type: 'icp4', png: pngs.get(16) },
    { type: 'icp5', png: pngs.get(32) },
    { type: 'icp6', png: pngs.get(64) },
    { type: 'ic07', png: pngs.get(128) },
    { type: 'ic08', png: pngs.get(256) },
    { type: 'ic09', png: pngs.get(512) },
    { type: 'ic10', png: pngs.get(1024) },
  ]),
);
write('tray/tray.png', render(16, traySample(false)));
write('tray/tray@2x.png', render(32, traySample(false)));
write('tray/trayTemplate.png', render(16, traySample(true)));
write('tray/trayTemplate@2x.png', render(32, traySample(true)));
for (const variant of ['pending', 'error', 'offline']) {
  write(`tray/tray-${variant}.png`, render(16, trayVariantSample(false, variant)));
  write(`tray/tray-${variant}@2x.png`, render(32, trayVariantSample(false, variant)));
  write(`tray/tray-${variant}Template.png`, render(16, trayVariantSample(true, variant)));
  write(`tray/tray-${variant}Template@2x.png`, render(32, trayVariantSample(true, variant)));
}
