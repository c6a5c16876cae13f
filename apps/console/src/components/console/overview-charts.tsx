"use client";
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { useI18n } from "@/i18n/client.tsx";
import { usdApproxNumber, usdSpend } from "@/lib/money.ts";

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

export function RequestsChart({
  daily,
}: {
  daily: Array<{
    day: string;
    requests: number;
    errors: number;
    promptTokens: bigint;
    completionTokens: bigint;
  }>;
}) {
  const { t, lang } = useI18n();
  const dayLabel = new Intl.DateTimeFormat(lang, {
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  });
  const rows = daily.map((d) => ({
    label: dayLabel.format(new Date(`${d.day}T00:00:00Z`)),
    ok: d.requests - d.errors,
    errors: d.errors,
    tokens: Number(d.promptTokens + d.completionTokens),
  }));
  return (
    <div className="mt-4 h-64" data-testid="requests-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 4, right: 4, bottom: 0, left: -16 }}>
          <CartesianGrid vertical={false} stroke="rgb(255 255 255 / 0.06)" />
          <XAxis dataKey="label" {...axis} interval="preserveStartEnd" minTickGap={16} />
          <YAxis {...axis} allowDecimals={false} width={48} />
          <Tooltip {...tooltipStyle} />
          <Legend wrapperStyle={{ fontSize: 12, color: "#94a3b8" }} />
          <Bar
            isAnimationActive={false}
            dataKey="ok"
            name={t.overview.requests}
            stackId="r"
            fill="#818cf8"
            radius={[0, 0, 0, 0]}
          />
          <Bar
            isAnimationActive={false}
            dataKey="errors"
            name={t.overview.errors}
            stackId="r"
            fill="#fb7185"
            radius={[3, 3, 0, 0]}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function SpendByModelChart({
  byModel,
}: {
  byModel: Array<{ model: string; requests: number; spend: bigint }>;
}) {
  const { t } = useI18n();
  const rows = byModel.slice(0, 8).map((m) => ({
    model: m.model,
    // A float for bar lengths only; labels come from the exact micro-dollars.
    dollars: usdApproxNumber(m.spend),
    label: usdSpend(m.spend),
  }));
  return (
    <div className="mt-4 h-64" data-testid="spend-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 88, bottom: 0, left: 0 }}>
          <XAxis type="number" hide />
          <YAxis type="category" dataKey="model" {...axis} width={110} />
          <Tooltip
            {...tooltipStyle}
            formatter={(_value, _name, item) => [
              typeof item.payload === "object" && item.payload && "label" in item.payload
                ? String(item.payload.label)
                : "",
              t.overview.spend,
            ]}
          />
          <Bar
            isAnimationActive={false}
            dataKey="dollars"
            name={t.overview.spend}
            fill="#22d3ee"
            radius={[0, 3, 3, 0]}
            maxBarSize={28}
            minPointSize={2}
          >
            <LabelList dataKey="label" position="right" fill="#cbd5e1" fontSize={12} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
