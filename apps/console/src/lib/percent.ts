// Referral rates are basis points (1000 = 10%); people read and type them as percentages.

/** 1000 -> "10%", 250 -> "2.5%", 1 -> "0.01%". */
export function bpsToPercent(bps: number): string {
  return `${bpsToInput(bps)}%`;
}

/** 1000 -> "10", 250 -> "2.5": what an operator typed, back. */
export function bpsToInput(bps: number): string {
  const whole = Math.trunc(bps / 100);
  const fraction = String(bps % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** "10" -> 1000, "2.5" -> 250; anything else (more than two decimals, above 100) -> undefined. */
export function percentToBps(text: string): number | undefined {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return undefined;
  const bps = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return bps <= 10_000 ? bps : undefined;
}
