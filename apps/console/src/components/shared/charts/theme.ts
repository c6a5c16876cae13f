// The console's recharts look, shared by the developer overview and the operator dashboard.

export const axis = { stroke: "#64748b", fontSize: 12, tickLine: false, axisLine: false } as const;
export const gridStroke = "rgb(255 255 255 / 0.06)";
export const legendStyle = { fontSize: 12, color: "#94a3b8" } as const;
export const tooltipStyle = {
  contentStyle: {
    background: "#0f172a",
    border: "1px solid rgb(255 255 255 / 0.1)",
    borderRadius: 8,
  },
  labelStyle: { color: "#e2e8f0" },
  itemStyle: { color: "#cbd5e1" },
  cursor: { fill: "rgb(255 255 255 / 0.04)" },
} as const;
export const colors = {
  primary: "#818cf8",
  error: "#fb7185",
  good: "#34d399",
  accent: "#22d3ee",
} as const;

const wholeDollars = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  notation: "compact",
  minimumFractionDigits: 0,
  maximumFractionDigits: 1,
});
const centsAndBelow = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  maximumSignificantDigits: 2,
});

/**
 * An axis tick or tooltip figure from approximate dollars: "$0", "$0.0012", "$3.5", "$12K",
 * "$1.2M". Never exponent notation; chart geometry only, every figure shown as text is exact.
 */
export function dollarsTick(value: number): string {
  if (value === 0) return "$0";
  return Math.abs(value) >= 1 ? wholeDollars.format(value) : centsAndBelow.format(value);
}

/**
 * A y-axis wide enough for its longest tick label at 12px, so labels are never clipped on the
 * left: about 7.5px a character plus the tick gap.
 */
export function axisWidthFor(labels: string[], minimum = 40): number {
  const longest = labels.reduce((max, label) => Math.max(max, label.length), 0);
  return Math.max(minimum, Math.ceil(longest * 7.5) + 14);
}

/** "May 3" for a UTC calendar day "2031-05-03", in the page's language. */
export function dayLabeler(lang: string): (day: string) => string {
  const format = new Intl.DateTimeFormat(lang, { month: "short", day: "numeric", timeZone: "UTC" });
  return (day) => format.format(new Date(`${day}T00:00:00Z`));
}
