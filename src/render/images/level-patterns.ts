import { r } from './svg-text.ts';

/**
 * The level patterns of the web map (web/src/view/patterns.ts) as SVG, so colour is never the only
 * signal in an image either: state 1 diagonal lines, state 2 dots, state 3 cross-hatch, state 0
 * (green) plain. Each pattern tile carries its state's colour beneath the hatch, so a shape is
 * filled once (one rasterised fill per area, not two: the server's render time is a budget).
 */

export function patternId(state: number): string | null {
  return state >= 1 && state <= 3 ? `vx-pattern-${state}` : null;
}

/** The `<pattern>` elements, sized to the image's scale, over the colours of states 1–3. */
export function levelPatternDefs(scale: number, colours: readonly string[]): string {
  // Whole pixels, and a colour that overfills its tile: otherwise tile seams show as a faint grid.
  const n = Math.round(9 * scale);
  const stroke = `stroke="#141414" stroke-opacity="0.55" stroke-width="${r(n / 9)}"`;
  const diagonal = `M0 ${r(n)} L${r(n)} 0 M${r(-n / 2)} ${r(n / 2)} L${r(n / 2)} ${r(-n / 2)} M${r(n / 2)} ${r(n * 1.5)} L${r(n * 1.5)} ${r(n / 2)}`;
  const dot = (x: number, y: number) => `<circle cx="${r(x)}" cy="${r(y)}" r="${r(n / 8)}" fill="#141414" fill-opacity="0.55"/>`;
  const tile = (state: number, inner: string) =>
    colours[state] === undefined
      ? ''
      : `<pattern id="${patternId(state)}" patternUnits="userSpaceOnUse" width="${r(n)}" height="${r(n)}"><rect x="-1" y="-1" width="${n + 2}" height="${n + 2}" fill="${colours[state]}"/>${inner}</pattern>`;
  return [
    tile(1, `<path d="${diagonal}" ${stroke} fill="none"/>`),
    tile(2, dot(n / 4, n / 4) + dot((3 * n) / 4, (3 * n) / 4)),
    tile(3, `<path d="${diagonal} M0 0 L${r(n)} ${r(n)}" ${stroke} fill="none"/>`),
  ].join('');
}

/** The fill of a state: its pattern (which holds its colour), or its plain colour. */
export function levelPaint(state: number | null, colour: string): string {
  const id = state === null ? null : patternId(state);
  return id ? `url(#${id})` : colour;
}

/** A shape filled as its state: `shape` is an element's name and attributes, without fill. */
export function levelFill(shape: string, state: number | null, colour: string): string {
  return `<${shape} fill="${levelPaint(state, colour)}"/>`;
}
