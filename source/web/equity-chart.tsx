import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { EquityPoint } from './equity.js';

export interface EquityChartProps {
  readonly points: readonly EquityPoint[];
  readonly quote: string;
}

function data(points: readonly EquityPoint[]): uPlot.AlignedData {
  return [points.map((p) => p.t / 1000), points.map((p) => p.v)];
}

/** Draws the points; a single one (a page just opened) gets two minutes around it, not years. */
function show(u: uPlot, points: readonly EquityPoint[]): void {
  u.setData(data(points));
  if (points.length === 1) u.setScale('x', { min: points[0].t / 1000 - 60, max: points[0].t / 1000 + 60 });
}

/** The equity line (uPlot on a canvas), as wide as its card, redrawn in place as points arrive. */
export function EquityChart({ points, quote }: EquityChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const css = getComputedStyle(document.documentElement);
    const ink = css.getPropertyValue('--dim').trim() || '#8b949e';
    const line = css.getPropertyValue('--accent').trim() || '#58a6ff';
    const grid = { stroke: 'rgba(139,148,158,0.15)', width: 1 };
    const u = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height: 180,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: {
          // One value (a page just opened, a flat account) would otherwise span zero to twice it.
          x: { time: true },
          y: { range: (_u, min, max) => (min === max ? [min * 0.995, max * 1.005 || 1] : [min - (max - min) * 0.1, max + (max - min) * 0.1]) },
        },
        series: [{}, { label: `equity ${quote}`, stroke: line, width: 2, fill: 'rgba(88,166,255,0.12)' }],
        axes: [
          { stroke: ink, grid, ticks: grid },
          { stroke: ink, grid, ticks: grid, size: 70, values: (_u, ticks) => ticks.map((t) => t.toLocaleString('en-US', { maximumFractionDigits: 2 })) },
        ],
      },
      data([]),
      el,
    );
    show(u, points);
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height: 180 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = undefined;
    };
  }, [quote]);

  useEffect(() => {
    if (plot.current) show(plot.current, points);
  }, [points]);

  return <div class="chart" ref={box} role="img" aria-label={`equity in ${quote} over time`} />;
}
