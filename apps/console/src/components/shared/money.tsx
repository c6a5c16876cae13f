"use client";
import { createContext, type ReactNode, useContext } from "react";
import {
  type DisplayCode,
  type DisplayCurrency,
  formatMoney,
  USD_DISPLAY,
  usd,
} from "@/lib/display-money.ts";

const DisplayContext = createContext<DisplayCurrency>(USD_DISPLAY);

/** The reader's display currency, chosen on the server (platform setting, language). */
export function MoneyProvider({
  code,
  cnyPerUsdPpm,
  children,
}: {
  code: DisplayCode;
  /** As a decimal string: a bigint prop is not worth the serialization question. */
  cnyPerUsdPpm: string | null;
  children: ReactNode;
}) {
  const value: DisplayCurrency = {
    code,
    cnyPerUsdPpm: cnyPerUsdPpm === null ? null : BigInt(cnyPerUsdPpm),
  };
  return <DisplayContext.Provider value={value}>{children}</DisplayContext.Provider>;
}

/** Formats micro-dollars in the display currency, by the one rule of lib/display-money.ts. */
export function useMoney(): { display: DisplayCurrency; format: (micros: bigint) => string } {
  const display = useContext(DisplayContext);
  return { display, format: (micros) => formatMoney(micros, display) };
}

/** A money figure: the display currency, the exact USD amount on hover. */
export function Money({
  micros,
  className,
  testId,
}: {
  micros: bigint;
  className?: string;
  testId?: string;
}) {
  const { format } = useMoney();
  return (
    <span className={className} title={usd(micros)} data-testid={testId}>
      {format(micros)}
    </span>
  );
}
