import { html } from './html.js';

const WIDTH = 520;
const HEIGHT = 200;
const PAD = { left: 64, right: 12, top: 10, bottom: 26 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

function ticks(max, count = 4) {
  return Array.from({ length: count + 1 }, (_, i) => (max * i) / count);
}

function YAxis({ max, format }) {
  return ticks(max).map((value) => {
    const y = PAD.top + PLOT_H - (PLOT_H * value) / max;
    return html`<g>
      <line x1=${PAD.left} x2=${WIDTH - PAD.right} y1=${y} y2=${y} class="grid" />
      <text x=${PAD.left - 6} y=${y + 4} text-anchor="end">${format(value)}</text></g>`;
  });
}

/** A step line of {x, y} points (x in epoch seconds), each y holding until the next point's x, or {@code until}. */
export function StepChart({ points, until, formatY, formatX, name }) {
  const first = points[0].x;
  const last = Math.max(until, points[points.length - 1].x, first + 1);
  const max = Math.max(1, ...points.map((p) => p.y));
  const xOf = (x) => PAD.left + (PLOT_W * (x - first)) / (last - first);
  const yOf = (y) => PAD.top + PLOT_H - (PLOT_H * y) / max;
  const path = points.reduce((d, p) => `${d} H ${xOf(p.x)} V ${yOf(p.y)}`, `M ${xOf(first)} ${yOf(0)}`)
    + ` H ${xOf(last)}`;
  return html`<svg class="chart" viewBox=${`0 0 ${WIDTH} ${HEIGHT}`} role="img" data-chart=${name}>
    <${YAxis} max=${max} format=${formatY} />
    <path d=${path} class="line" />
    <text x=${PAD.left} y=${HEIGHT - 6}>${formatX(first)}</text>
    <text x=${WIDTH - PAD.right} y=${HEIGHT - 6} text-anchor="end">${formatX(last)}</text>
  </svg>`;
}

/** One bar per {label, value, kind}, in order, with the label as the bar's tooltip. */
export function BarChart({ bars, formatY, name }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const step = PLOT_W / bars.length;
  const width = Math.max(1, Math.min(24, step * 0.8));
  return html`<svg class="chart" viewBox=${`0 0 ${WIDTH} ${HEIGHT}`} role="img" data-chart=${name}>
    <${YAxis} max=${max} format=${formatY} />
    ${bars.map((bar, i) => {
      const h = Math.max(1, (PLOT_H * bar.value) / max);
      return html`<rect x=${PAD.left + i * step + (step - width) / 2} y=${PAD.top + PLOT_H - h} width=${width}
        height=${h} class=${`bar-${bar.kind}`} data-bar=${bar.kind}><title>${bar.label}</title></rect>`;
    })}
  </svg>`;
}
