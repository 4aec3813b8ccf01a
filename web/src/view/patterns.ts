import type { Map as MapLibreMap } from 'maplibre-gl';

/**
 * Hatch patterns so colour is never the only signal: state 1 diagonal lines, state 2 dots,
 * state 3 cross-hatch (state 0, green, stays plain). The same patterns appear in the legend.
 */
export const PATTERN_IDS = ['', 'vx-pattern-1', 'vx-pattern-2', 'vx-pattern-3'];

export function drawPattern(ctx: CanvasRenderingContext2D, state: number, size: number): void {
  ctx.strokeStyle = 'rgba(20, 20, 20, 0.55)';
  ctx.fillStyle = 'rgba(20, 20, 20, 0.55)';
  ctx.lineWidth = size / 10;
  if (state === 1 || state === 3) {
    ctx.beginPath();
    ctx.moveTo(0, size);
    ctx.lineTo(size, 0);
    ctx.moveTo(-size / 2, size / 2);
    ctx.lineTo(size / 2, -size / 2);
    ctx.moveTo(size / 2, size * 1.5);
    ctx.lineTo(size * 1.5, size / 2);
    ctx.stroke();
  }
  if (state === 3) {
    ctx.beginPath();
    ctx.moveTo(0, 0);
    ctx.lineTo(size, size);
    ctx.stroke();
  }
  if (state === 2) {
    ctx.beginPath();
    ctx.arc(size / 4, size / 4, size / 9, 0, Math.PI * 2);
    ctx.arc((3 * size) / 4, (3 * size) / 4, size / 9, 0, Math.PI * 2);
    ctx.fill();
  }
}

export function addPatternImages(map: MapLibreMap, size = 16): void {
  for (let state = 1; state <= 3; state++) {
    if (map.hasImage(PATTERN_IDS[state])) continue;
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    const ctx = canvas.getContext('2d')!;
    drawPattern(ctx, state, size);
    map.addImage(PATTERN_IDS[state], ctx.getImageData(0, 0, size, size), { pixelRatio: 1 });
  }
}

const swatches = new Map<string, string>();

/** A CSS background for the legend swatch of a state: its colour plus its pattern (drawn once per state and colour). */
export function swatchStyle(colour: string, state: number): string {
  if (state === 0) return `background:${colour}`;
  const key = `${state}:${colour}`;
  let style = swatches.get(key);
  if (!style) swatches.set(key, (style = drawSwatch(colour, state)));
  return style;
}

function drawSwatch(colour: string, state: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 16;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, 16, 16);
  drawPattern(ctx, state, 16);
  return `background:${colour} url(${canvas.toDataURL()})`;
}
