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

/** The colours of a stacked chart's series, in order; the legend uses them too. */
export const SERIES_COLOURS = ['#0b6e6e', '#8250df', '#9a6700', '#1f6feb', '#b42318', '#5fa3a3', '#6e7781'];

export const seriesColour = (index) => SERIES_COLOURS[index % SERIES_COLOURS.length];

/**
 * One bar per {label, segments: [{series, value, title}]}, in order, its segments stacked in the order of
 * {@code series} (their colours), each with its title as tooltip; the first and last bars' labels under the axis.
 */
export function StackedBarChart({ bars, series, formatY, name }) {
  const max = Math.max(1, ...bars.map((bar) => bar.segments.reduce((sum, s) => sum + s.value, 0)));
  const step = PLOT_W / bars.length;
  const width = Math.max(1, Math.min(32, step * 0.8));
  return html`<svg class="chart" viewBox=${`0 0 ${WIDTH} ${HEIGHT}`} role="img" data-chart=${name}>
    <${YAxis} max=${max} format=${formatY} />
    ${bars.map((bar, i) => {
      let top = PAD.top + PLOT_H;
      return series.map((key, index) => bar.segments.filter((s) => s.series === key && s.value > 0).map((s) => {
        const h = (PLOT_H * s.value) / max;
        top -= h;
        return html`<rect x=${PAD.left + i * step + (step - width) / 2} y=${top} width=${width} height=${h}
          fill=${seriesColour(index)} data-series=${key} data-label=${bar.label} data-value=${s.value}>
          <title>${s.title}</title></rect>`;
      }));
    })}
    <text x=${PAD.left} y=${HEIGHT - 6}>${bars[0].label}</text>
    <text x=${WIDTH - PAD.right} y=${HEIGHT - 6} text-anchor="end">${bars[bars.length - 1].label}</text>
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
