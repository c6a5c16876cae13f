import { useEffect, useState } from "react";

/**
 * False until React has hydrated the page. Auth forms keep their submit button disabled until
 * then: a click that landed first would submit the form natively, before our handler exists.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
