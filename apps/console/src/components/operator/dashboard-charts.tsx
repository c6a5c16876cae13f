"use client";
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { useI18n } from "@/i18n/client.tsx";
import { usdApproxNumber } from "@/lib/money.ts";

const axis = { stroke: "#64748b", fontSize: 12, tickLine: false, axisLine: false } as const;
const tooltipStyle = {
  contentStyle: {
    background: "#0f172a",
    border: "1px solid rgb(255 255 255 / 0.1)",
    borderRadius: 8,
  },
  labelStyle: { color: "#e2e8f0" },
  itemStyle: { color: "#cbd5e1" },
  cursor: { fill: "rgb(255 255 255 / 0.04)" },
} as const;
// Chart geometry only: axes and bars take approximate dollars; every figure shown as text is exact.
const dollars = (value: number) =>
  value === 0 ? "$0" : Math.abs(value) >= 1 ? `$${value.toFixed(2)}` : `$${value.toPrecision(2)}`;

interface MoneyRow {
  revenue: bigint;
  cost: bigint;
  margin: bigint;
}

export function RevenuePerDayChart({ daily }: { daily: Array<MoneyRow & { day: string }> }) {
  const { t, lang } = useI18n();
  const dayLabel = new Intl.DateTimeFormat(lang, {
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  });
  const rows = daily.map((d) => ({
    label: dayLabel.format(new Date(`${d.day}T00:00:00Z`)),
    revenue: usdApproxNumber(d.revenue),
    cost: usdApproxNumber(d.cost),
    margin: usdApproxNumber(d.margin),
  }));
  return (
    <div className="mt-4 h-64" data-testid="revenue-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: 4, right: 4, bottom: 0, left: -8 }}>
          <CartesianGrid vertical={false} stroke="rgb(255 255 255 / 0.06)" />
          <XAxis dataKey="label" {...axis} interval="preserveStartEnd" minTickGap={16} />
          <YAxis {...axis} width={76} tickFormatter={dollars} />
          <Tooltip {...tooltipStyle} formatter={(value) => dollars(Number(value))} />
          <Legend wrapperStyle={{ fontSize: 12, color: "#94a3b8" }} />
          <Bar
            isAnimationActive={false}
            dataKey="revenue"
            name={t.operator.dashboard.revenue}
            fill="#818cf8"
            radius={[3, 3, 0, 0]}
          />
          <Bar
            isAnimationActive={false}
            dataKey="cost"
            name={t.operator.dashboard.cost}
            fill="#fb7185"
            radius={[3, 3, 0, 0]}
          />
          <Line
            isAnimationActive={false}
            dataKey="margin"
            name={t.operator.dashboard.margin}
            stroke="#34d399"
            strokeWidth={2}
            dot={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

export function ChannelErrorChart({
  channels,
}: {
  channels: Array<{ label: string; requests: number; errors: number }>;
}) {
  const { t } = useI18n();
  const rows = channels.map((c) => ({
    label: c.label,
    ok: c.requests - c.errors,
    errors: c.errors,
  }));
  return (
    <div className="mt-4" style={{ height: Math.max(120, rows.length * 44 + 40) }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout="vertical" margin={{ top: 0, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid horizontal={false} stroke="rgb(255 255 255 / 0.06)" />
          <XAxis type="number" {...axis} allowDecimals={false} />
          <YAxis type="category" dataKey="label" {...axis} width={120} />
          <Tooltip {...tooltipStyle} />
          <Legend wrapperStyle={{ fontSize: 12, color: "#94a3b8" }} />
          <Bar
            isAnimationActive={false}
            dataKey="ok"
            name={t.operator.dashboard.requests}
            stackId="c"
            fill="#818cf8"
          />
          <Bar
            isAnimationActive={false}
            dataKey="errors"
            name={t.operator.dashboard.errors}
            stackId="c"
            fill="#fb7185"
            radius={[0, 3, 3, 0]}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
