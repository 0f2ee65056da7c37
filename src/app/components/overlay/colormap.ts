// Colormaps for the saliency heatmap as 256-entry RGB lookup tables, built once per map from
// d3-scale-chromatic's perceptually uniform interpolators (viridis, inferno, magma) and Google's Turbo (a
// better-behaved "jet"). A LUT makes colouring a 256×256 map a table lookup per pixel.
import { interpolateInferno, interpolateMagma, interpolateTurbo, interpolateViridis } from 'd3-scale-chromatic';

export const COLORMAPS = ['inferno', 'viridis', 'magma', 'turbo'] as const;
export type ColormapName = (typeof COLORMAPS)[number];

const INTERPOLATORS: Record<ColormapName, (t: number) => string> = {
  inferno: interpolateInferno,
  viridis: interpolateViridis,
  magma: interpolateMagma,
  turbo: interpolateTurbo,
};

/** d3's interpolators answer "#rrggbb" or "rgb(r, g, b)". */
export function parseColor(css: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css);
  if (hex) return [parseInt(hex[1] as string, 16), parseInt(hex[2] as string, 16), parseInt(hex[3] as string, 16)];
  const rgb = /^rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$/i.exec(css);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  throw new Error(`unrecognised colour "${css}" (expected #rrggbb or rgb(r, g, b))`);
}

const cache = new Map<ColormapName, Uint8Array>();

/** 256×3 bytes: entry i is the colour of value i/255. */
export function colormapLut(name: ColormapName): Uint8Array {
  const hit = cache.get(name);
  if (hit) return hit;
  const interpolate = INTERPOLATORS[name];
  if (!interpolate) throw new Error(`unknown colormap "${String(name)}" (choose one of ${COLORMAPS.join(', ')})`);
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) lut.set(parseColor(interpolate(i / 255)), i * 3);
  cache.set(name, lut);
  return lut;
}

/** The CSS gradient of a colormap, for the legend next to the heatmap. */
export function colormapGradient(name: ColormapName, stops = 8): string {
  const lut = colormapLut(name);
  const parts: string[] = [];
  for (let s = 0; s < stops; s++) {
    const i = Math.round((s / (stops - 1)) * 255) * 3;
    parts.push(`rgb(${lut[i]}, ${lut[i + 1]}, ${lut[i + 2]})`);
  }
  return `linear-gradient(to right, ${parts.join(', ')})`;
}
