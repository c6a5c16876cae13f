// Runs the simulated upstream on its own: `PORT=4010 pnpm --filter @relay/upstream-sim start`.
import { startUpstreamSim } from "./server.ts";

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a non-negative integer, got "${raw}"`);
    process.exit(1);
  }
  return value;
}

const sim = await startUpstreamSim({
  port: intFromEnv("PORT", 4010),
  host: process.env.HOST || "127.0.0.1",
  latencyMs: intFromEnv("SIM_LATENCY_MS", 0),
  tokensPerSecond: intFromEnv("SIM_TOKENS_PER_SECOND", 0),
  apiKey: process.env.SIM_API_KEY || undefined,
  // SIM_BODY_FAULTS=1: requests may carry their fault in metadata.sim_fault (see faults.ts).
  bodyFaults: process.env.SIM_BODY_FAULTS === "1",
});
console.log(`upstream-sim listening on ${sim.url}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void sim.close().then(() => process.exit(0));
  });
}
