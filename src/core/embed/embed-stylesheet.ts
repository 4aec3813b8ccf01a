/**
 * The embed's one stylesheet, served at /embed/embed.css: the strict policy on embeds allows
 * styles from this server only, never inline. Fluid from 300 px up: nothing has a fixed width,
 * the map's SVG scales to the frame, long names wrap.
 */
export const EMBED_CSS = `*,*::before,*::after{box-sizing:border-box}
html{font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:#1b1f24;background:#fff}
body{margin:0;padding:10px 12px;min-width:0;overflow-wrap:anywhere}
main{max-width:720px;margin:0 auto}
h1{font-size:1.15rem;margin:0 0 6px}
h2{font-size:.95rem;margin:10px 0 4px}
.vx-parent,.vx-date{font-weight:400;color:#4a5360;font-size:.9rem}
.vx-sim{margin:0 0 8px;padding:4px 8px;background:#fff4d6;border:1px solid #c99700;border-radius:4px;font-size:.85rem}
.vx-facts{display:flex;flex-wrap:wrap;gap:4px 20px;margin:0}
.vx-facts div{display:flex;gap:6px;align-items:center}
.vx-facts dt{color:#4a5360}
.vx-facts dd{margin:0;font-weight:600;display:flex;gap:6px;align-items:center}
.vx-swatch{flex:none;border:1px solid #333;width:16px;height:16px}
.vx-reasons{margin:0;padding-left:1.2em;font-size:.9rem}
.vx-map{display:block;width:100%;height:auto;max-height:70vh;margin:4px 0}
.vx-edge{fill:none;stroke:#fff;stroke-width:.8;vector-effect:non-scaling-stroke}
.vx-legend{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.85rem}
.vx-legend li{display:flex;gap:6px;align-items:center}
.vx-list{font-size:.85rem;margin-top:6px}
.vx-list ul{margin:4px 0;padding-left:1.2em}
.vx-note{font-size:.8rem;color:#4a5360;margin:8px 0 0}
.vx-foot{display:flex;flex-wrap:wrap;justify-content:space-between;gap:4px 12px;margin:10px 0 0;font-size:.85rem}
.vx-foot a{color:#0b5cad;font-weight:600}
.vx-source{color:#4a5360}
.vx-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.vx-defs{position:absolute;width:0;height:0;overflow:hidden}
`;
