// Test pictures, so tests need no binary fixtures: a colourful landscape
// PNG of any size (a sky, a sun and a field), and noise, which does not
// compress (a PNG of about 3 bytes a pixel).
import { encodePng } from "../tools/lib/png.mjs";
export { noisePng } from "../tools/lib/png.mjs";

export function png(width: number, height: number): Buffer {
  return encodePng(width, height, (x: number, y: number) => {
    const dx = x - width * 0.7, dy = y - height * 0.3;
    if (dx * dx + dy * dy < (Math.min(width, height) * 0.15) ** 2) return [255, 200, 60];
    if (y < height * 0.6) return [90 + (y * 120) / height, 150 + (y * 80) / height, 230];
    return [60, 140 + (x * 60) / width, 70];
  });
}
