import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Bucket {
  time: string;
  count: number;
  outcomes: Record<string, number>;
}

interface Props {
  buckets: Bucket[];
  interval: string;
  total: number;
  /** the period brushed on the chart, as ISO instants */
  onBrush: (from: string, to: string) => void;
}

const OUTCOMES: Array<[string, string]> = [
  ['success', '#1b7a3a'],
  ['failure', '#b3261e'],
  ['unknown', '#5f6368'],
];

const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
const seconds = (interval: string) => {
  const m = /^(\d+)([smhd])$/.exec(interval);
  return m ? Number(m[1]) * UNIT[m[2]] : 60;
};

/**
 * Events over time stacked by outcome (uPlot bars; each series draws the running sum, largest first, so
 * the segments stack). Dragging across it selects a period: the search narrows to it.
 */
export function Timeline({ buckets, interval, total, onBrush }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const brush = useRef(onBrush);
  brush.current = onBrush;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const xs = buckets.map((b) => Date.parse(b.time) / 1000);
    const raw = OUTCOMES.map(([o]) => buckets.map((b) => b.outcomes?.[o] ?? 0));
    const other = buckets.map((b, i) => b.count - raw[0][i] - raw[1][i] - raw[2][i]);
    raw[2] = raw[2].map((v, i) => v + Math.max(0, other[i]));
    // running sums: series 1 is the total (drawn first, at the back), series 3 success alone (in front)
    const stacked = [raw[0].map((v, i) => v + raw[1][i] + raw[2][i]), raw[0].map((v, i) => v + raw[1][i]), raw[0]];
    const order = [2, 1, 0];
    const width = seconds(interval);
    const bars = uPlot.paths.bars!({ size: [0.9, 64], align: 1 });
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: 150,
      legend: { show: true, live: false },
      cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
      // UTC, as the table shows times
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: { x: { time: true, range: (_u, min, max) => [min, max + width] } },
      axes: [{ stroke: '#333' }, { stroke: '#333', size: 48 }],
      series: [
        {},
        ...order.map((o) => ({
          label: OUTCOMES[o][0],
          fill: OUTCOMES[o][1],
          stroke: OUTCOMES[o][1],
          paths: bars,
          points: { show: false },
          value: (_u: uPlot, _v: number | null, _si: number, i: number | null) => String(i == null ? '' : raw[o][i] ?? ''),
          scale: 'y',
          // the legend shows the bucket's own count, not the running sum
        })),
      ],
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width < 3) return;
            const from = u.posToVal(u.select.left, 'x');
            const to = u.posToVal(u.select.left + u.select.width, 'x');
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            brush.current(new Date(from * 1000).toISOString(), new Date(to * 1000).toISOString());
          },
        ],
      },
    };
    const plot = new uPlot(opts, [xs, stacked[0], stacked[1], stacked[2]], el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height: 150 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [buckets, interval]);

  const totals = OUTCOMES.map(([o]) => [o, buckets.reduce((n, b) => n + (b.outcomes?.[o] ?? 0), 0)] as const);
  return (
    <section class="timeline" aria-label="Timeline">
      <h2 class="visually-hidden">Timeline</h2>
      <div
        ref={host}
        class="chart"
        role="img"
        aria-label={`Events over time by outcome, ${interval} per bar: ${total} events, ${totals.map(([o, n]) => `${n} ${o}`).join(', ')}. Drag across the chart to narrow the period.`}
      />
    </section>
  );
}
