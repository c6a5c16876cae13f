"use client";
import type { ReactElement } from "react";
import { ResponsiveContainer } from "recharts";

/** A chart's box: a fixed height (the container needs one) and the test id the specs look for. */
export function ChartFrame({
  testId,
  height,
  children,
}: {
  testId?: string;
  /** Pixels; the default matches Tailwind's h-64. */
  height?: number;
  children: ReactElement;
}) {
  return (
    <div className="mt-4" style={{ height: height ?? 256 }} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </div>
  );
}
