import { r } from './svg-text.ts';

/**
 * The level patterns of the web map (web/src/view/patterns.ts) as SVG, so colour is never the only
 * signal in an image either: state 1 diagonal lines, state 2 dots, state 3 cross-hatch, state 0
 * (green) plain. A pattern is drawn over the state's colour, on the map and in the legend alike.
 */

export function patternId(state: number): string | null {
  return state >= 1 && state <= 3 ? `vx-pattern-${state}` : null;
}

/** The `<pattern>` elements, sized to the image's scale. */
export function levelPatternDefs(scale: number): string {
  const n = 9 * scale;
  const stroke = `stroke="#141414" stroke-opacity="0.55" stroke-width="${r(n / 9)}"`;
  const diagonal = `M0 ${r(n)} L${r(n)} 0 M${r(-n / 2)} ${r(n / 2)} L${r(n / 2)} ${r(-n / 2)} M${r(n / 2)} ${r(n * 1.5)} L${r(n * 1.5)} ${r(n / 2)}`;
  const dot = (x: number, y: number) => `<circle cx="${r(x)}" cy="${r(y)}" r="${r(n / 8)}" fill="#141414" fill-opacity="0.55"/>`;
  const tile = (state: number, inner: string) =>
    `<pattern id="${patternId(state)}" patternUnits="userSpaceOnUse" width="${r(n)}" height="${r(n)}">${inner}</pattern>`;
  return [
    tile(1, `<path d="${diagonal}" ${stroke} fill="none"/>`),
    tile(2, dot(n / 4, n / 4) + dot((3 * n) / 4, (3 * n) / 4)),
    tile(3, `<path d="${diagonal} M0 0 L${r(n)} ${r(n)}" ${stroke} fill="none"/>`),
  ].join('');
}

/** A shape filled with a state's colour and then its pattern: `shape` is an element's name and attributes, without fill. */
export function levelFill(shape: string, state: number | null, colour: string): string {
  const id = state === null ? null : patternId(state);
  return `<${shape} fill="${colour}"/>${id ? `<${shape} fill="url(#${id})"/>` : ''}`;
}
