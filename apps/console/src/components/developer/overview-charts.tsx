"use client";
import { Bar, BarChart, LabelList, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame } from "@/components/shared/charts/chart-frame.tsx";
import { OkErrorBars } from "@/components/shared/charts/ok-error-bars.tsx";
import {
  axis,
  axisWidthFor,
  colors,
  dayLabeler,
  tooltipStyle,
} from "@/components/shared/charts/theme.ts";
import { useMoney } from "@/components/shared/money.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { usdApproxNumber } from "@/lib/money.ts";

export function RequestsChart({
  daily,
}: {
  daily: Array<{ day: string; requests: number; errors: number }>;
}) {
  const { t, lang } = useI18n();
  const dayLabel = dayLabeler(lang);
  return (
    <OkErrorBars
      testId="requests-chart"
      okName={t.overview.requests}
      errorName={t.overview.errors}
      rows={daily.map((d) => ({
        label: dayLabel(d.day),
        ok: d.requests - d.errors,
        errors: d.errors,
      }))}
    />
  );
}

export function SpendByModelChart({
  byModel,
}: {
  byModel: Array<{ model: string; requests: number; spend: bigint }>;
}) {
  const { t } = useI18n();
  const { format: money } = useMoney();
  const rows = byModel.slice(0, 8).map((m) => ({
    model: m.model,
    // A float for bar lengths only; labels come from the exact micro-dollars.
    dollars: usdApproxNumber(m.spend),
    label: money(m.spend),
  }));
  return (
    <ChartFrame testId="spend-chart">
      <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 88, bottom: 0, left: 0 }}>
        <XAxis type="number" hide />
        <YAxis
          type="category"
          dataKey="model"
          {...axis}
          width={Math.min(180, axisWidthFor(rows.map((r) => r.model)))}
        />
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
          fill={colors.accent}
          radius={[0, 3, 3, 0]}
          maxBarSize={28}
          minPointSize={2}
        >
          <LabelList dataKey="label" position="right" fill="#cbd5e1" fontSize={12} />
        </Bar>
      </BarChart>
    </ChartFrame>
  );
}
