"use client";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame } from "./chart-frame.tsx";
import { axis, axisWidthFor, colors, gridStroke, legendStyle, tooltipStyle } from "./theme.ts";

export interface OkErrorRow {
  label: string;
  ok: number;
  errors: number;
}

/**
 * Successful and failed requests stacked per row: columns over days, or horizontal bars per
 * name (channels) when `horizontal` is set.
 */
export function OkErrorBars({
  rows,
  okName,
  errorName,
  horizontal = false,
  testId,
}: {
  rows: OkErrorRow[];
  okName: string;
  errorName: string;
  horizontal?: boolean;
  testId?: string;
}) {
  const counts = rows.map((r) => String(r.ok + r.errors));
  const bars = [
    <Bar
      key="ok"
      isAnimationActive={false}
      dataKey="ok"
      name={okName}
      stackId="requests"
      fill={colors.primary}
    />,
    <Bar
      key="errors"
      isAnimationActive={false}
      dataKey="errors"
      name={errorName}
      stackId="requests"
      fill={colors.error}
      radius={horizontal ? [0, 3, 3, 0] : [3, 3, 0, 0]}
    />,
  ];
  if (horizontal) {
    return (
      <ChartFrame testId={testId} height={Math.max(120, rows.length * 44 + 40)}>
        <BarChart data={rows} layout="vertical" margin={{ top: 0, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid horizontal={false} stroke={gridStroke} />
          <XAxis type="number" {...axis} allowDecimals={false} />
          <YAxis
            type="category"
            dataKey="label"
            {...axis}
            width={Math.min(160, axisWidthFor(rows.map((r) => r.label)))}
          />
          <Tooltip {...tooltipStyle} />
          <Legend wrapperStyle={legendStyle} />
          {bars}
        </BarChart>
      </ChartFrame>
    );
  }
  return (
    <ChartFrame testId={testId}>
      <BarChart data={rows} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} stroke={gridStroke} />
        <XAxis dataKey="label" {...axis} interval="preserveStartEnd" minTickGap={16} />
        <YAxis {...axis} allowDecimals={false} width={axisWidthFor(counts, 32)} />
        <Tooltip {...tooltipStyle} />
        <Legend wrapperStyle={legendStyle} />
        {bars}
      </BarChart>
    </ChartFrame>
  );
}
