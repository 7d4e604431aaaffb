/**
 * The portal's charts (recharts). This module is loaded only when a chart is drawn (`LazyCharts.tsx`), so the
 * chart library — half of the portal's JavaScript — never reaches the sign-in or the operator's screens.
 */
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Text,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDate, formatDayShort } from '../format.ts';

export interface Series {
  key: string;
  name: string;
  colour: string;
}

/**
 * Bars per WIB day (stacked when there are several series). The axis names the month ("3 Nov"), the tooltip
 * the full day; recharts thins the day labels when they would collide, never the bars.
 */
export function DayBars({
  rows,
  series,
  lang,
}: {
  rows: Record<string, string | number>[];
  series: Series[];
  lang: string;
}) {
  return (
    <div className="chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="day"
            tickFormatter={(d: string) => formatDayShort(d, lang)}
            fontSize={12}
            minTickGap={12}
          />
          <YAxis allowDecimals={false} fontSize={12} width={48} />
          <Tooltip labelFormatter={(d) => formatDate(String(d), lang)} />
          <Legend />
          {series.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.name}
              stackId="stack"
              fill={s.colour}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The width given to category labels; longer ones wrap. */
const LABEL_WIDTH = 190;
/** Room for a label of three lines (the longest outcome wording wraps to three at this width). */
const ROW_HEIGHT = 52;

/** A category label that wraps onto as many lines as it needs instead of being cut. */
function WrappedTick(props: { x?: number; y?: number; payload?: { value: string } }) {
  return (
    <Text
      x={props.x}
      y={props.y}
      width={LABEL_WIDTH - 8}
      textAnchor="end"
      verticalAnchor="middle"
      fontSize={12}
      fill="#334155"
    >
      {props.payload?.value ?? ''}
    </Text>
  );
}

/**
 * One horizontal bar per category, every category labelled (`interval={0}`): the chart grows with the number
 * of categories rather than dropping every other label.
 */
export function CategoryBars({
  data,
  valueName,
  colour,
}: {
  data: { name: string; value: number }[];
  valueName: string;
  colour: string;
}) {
  return (
    <div className="chart" style={{ height: Math.max(160, data.length * ROW_HEIGHT + 48) }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ left: 0, right: 16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} fontSize={12} />
          <YAxis type="category" dataKey="name" width={LABEL_WIDTH} interval={0} tick={<WrappedTick />} />
          <Tooltip />
          <Bar dataKey="value" name={valueName} fill={colour} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
