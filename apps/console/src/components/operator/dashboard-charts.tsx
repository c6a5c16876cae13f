"use client";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame } from "@/components/shared/charts/chart-frame.tsx";
import { OkErrorBars } from "@/components/shared/charts/ok-error-bars.tsx";
import {
  axis,
  axisWidthFor,
  colors,
  dayLabeler,
  dollarsTick,
  gridStroke,
  legendStyle,
  tooltipStyle,
} from "@/components/shared/charts/theme.ts";
import { useI18n } from "@/i18n/client.tsx";
import { usdApproxNumber } from "@/lib/money.ts";

interface MoneyRow {
  revenue: bigint;
  cost: bigint;
  margin: bigint;
}

export function RevenuePerDayChart({ daily }: { daily: Array<MoneyRow & { day: string }> }) {
  const { t, lang } = useI18n();
  const dayLabel = dayLabeler(lang);
  const rows = daily.map((d) => ({
    label: dayLabel(d.day),
    revenue: usdApproxNumber(d.revenue),
    cost: usdApproxNumber(d.cost),
    margin: usdApproxNumber(d.margin),
  }));
  // The y-axis is as wide as its longest money label (the top tick sits a little above the
  // largest value; a negative margin reaches below zero), so nothing is clipped on the left.
  const values = rows.flatMap((r) => [r.revenue, r.cost, r.margin]);
  const high = Math.max(0, ...values);
  const low = Math.min(0, ...values);
  const yWidth = axisWidthFor([high * 1.25, low * 1.25, high / 3].map(dollarsTick), 48);
  return (
    <ChartFrame testId="revenue-chart">
      <ComposedChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 4 }}>
        <CartesianGrid vertical={false} stroke={gridStroke} />
        <XAxis dataKey="label" {...axis} interval="preserveStartEnd" minTickGap={16} />
        <YAxis {...axis} width={yWidth} tickFormatter={dollarsTick} />
        <Tooltip {...tooltipStyle} formatter={(value) => dollarsTick(Number(value))} />
        <Legend wrapperStyle={legendStyle} />
        <Bar
          isAnimationActive={false}
          dataKey="revenue"
          name={t.operator.dashboard.revenue}
          fill={colors.primary}
          radius={[3, 3, 0, 0]}
        />
        <Bar
          isAnimationActive={false}
          dataKey="cost"
          name={t.operator.dashboard.cost}
          fill={colors.error}
          radius={[3, 3, 0, 0]}
        />
        <Line
          isAnimationActive={false}
          dataKey="margin"
          name={t.operator.dashboard.margin}
          stroke={colors.good}
          strokeWidth={2}
          dot={false}
        />
      </ComposedChart>
    </ChartFrame>
  );
}

export function ChannelErrorChart({
  channels,
}: {
  channels: Array<{ label: string; requests: number; errors: number }>;
}) {
  const { t } = useI18n();
  return (
    <OkErrorBars
      horizontal
      okName={t.operator.dashboard.requests}
      errorName={t.operator.dashboard.errors}
      rows={channels.map((c) => ({ label: c.label, ok: c.requests - c.errors, errors: c.errors }))}
    />
  );
}
