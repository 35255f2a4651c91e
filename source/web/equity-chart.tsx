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
        scales: { x: { time: true } },
        series: [{}, { label: `equity ${quote}`, stroke: line, width: 2, fill: 'rgba(88,166,255,0.12)' }],
        axes: [
          { stroke: ink, grid, ticks: grid },
          { stroke: ink, grid, ticks: grid, size: 70, values: (_u, ticks) => ticks.map((t) => t.toLocaleString('en-US', { maximumFractionDigits: 2 })) },
        ],
      },
      data(points),
      el,
    );
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
    plot.current?.setData(data(points));
  }, [points]);

  return <div class="chart" ref={box} role="img" aria-label={`equity in ${quote} over time`} />;
}
