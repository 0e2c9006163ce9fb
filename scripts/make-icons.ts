/**
 * Generates the add-in's PNG icons into assets/ (pure Node: zlib for deflate, our own CRC-32):
 * a white envelope with a check mark on Fluent's brand blue, in every size the manifest uses.
 * Run: `npx tsx scripts/make-icons.ts`. The PNGs are committed; this script reproduces them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

/** Desktop ribbon and store sizes plus the mobile sizes at scales 1-3 (25/32/48 px x 1, 2, 3). */
export const ICON_SIZES = [16, 25, 32, 48, 50, 64, 75, 80, 96, 128, 144] as const;

const BRAND: Rgb = [0x0f, 0x6c, 0xbd]; // Fluent brand blue (colorBrandBackground)
const WHITE: Rgb = [0xff, 0xff, 0xff];
type Rgb = [number, number, number];
type Rgba = [number, number, number, number];

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes RGBA pixels (row-major) as a PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.subarray(y * width * 4, (y + 1) * width * 4)).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The glyph in unit coordinates: `null` is transparent. */
function sample(x: number, y: number): Rgb | null {
  // Rounded square background.
  const r = 0.18;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  if (Math.hypot(x - cx, y - cy) > r) return null;
  // Check mark (white, thick) in the lower right, drawn over everything.
  const stroke = 0.07;
  if (
    distanceToSegment(x, y, 0.52, 0.68, 0.62, 0.78) < stroke ||
    distanceToSegment(x, y, 0.62, 0.78, 0.84, 0.52) < stroke
  )
    return WHITE;
  // Envelope: white body with the flap drawn in brand blue, leaving room for the check.
  const inEnvelope = x > 0.16 && x < 0.84 && y > 0.24 && y < 0.66;
  const nearCheck = x > 0.44 && y > 0.46;
  if (inEnvelope && !nearCheck) {
    const flap = 0.04;
    if (
      distanceToSegment(x, y, 0.16, 0.24, 0.5, 0.48) < flap ||
      distanceToSegment(x, y, 0.84, 0.24, 0.5, 0.48) < flap
    )
      return BRAND;
    return WHITE;
  }
  return BRAND;
}

/** Renders the icon at `size` pixels with 4x4 supersampling for smooth edges. */
export function renderIcon(size: number): Buffer {
  const rgba = new Uint8Array(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const acc: Rgba = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = sample((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          if (!c) continue;
          acc[0] += c[0];
          acc[1] += c[1];
          acc[2] += c[2];
          acc[3] += 1;
        }
      }
      const i = (py * size + px) * 4;
      if (acc[3] > 0) {
        rgba[i] = Math.round(acc[0] / acc[3]);
        rgba[i + 1] = Math.round(acc[1] / acc[3]);
        rgba[i + 2] = Math.round(acc[2] / acc[3]);
      }
      rgba[i + 3] = Math.round((acc[3] / (n * n)) * 255);
    }
  }
  return encodePng(size, size, rgba);
}

export function iconFileName(size: number): string {
  return `icon-${size}.png`;
}

function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dir = path.join(root, 'assets');
  mkdirSync(dir, { recursive: true });
  for (const size of ICON_SIZES) {
    const file = path.join(dir, iconFileName(size));
    writeFileSync(file, renderIcon(size));
    console.log(`wrote ${path.relative(root, file)}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
