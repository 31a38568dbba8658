// PNG files made on the spot (tests and benchmarks need no binary
// fixtures): `pixel(x, y)` gives each pixel's [r, g, b].
import { crc32, deflateSync } from "node:zlib";

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** An RGB PNG; `level` is the deflate level (0: stored, as large as it gets). */
export function encodePng(width, height, pixel, { level = 6 } = {}) {
  const stride = 1 + width * 3; // a filter byte (0: none), then RGB
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      raw[y * stride + 1 + x * 3] = r;
      raw[y * stride + 2 + x * 3] = g;
      raw[y * stride + 3 + x * 3] = b;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Random noise: every pixel costs its 3 bytes, compressed or not. */
export const noisePng = (width, height) =>
  encodePng(width, height, () => [Math.random() * 256, Math.random() * 256, Math.random() * 256], {
    level: 0,
  });
