// The soak's traffic: workers that loop until the deadline, each call a scenario drawn at random
// (plain and streamed chat and completions calls, and calls with a fault injected), from a random
// key. Every call ends in one outcome, and each scenario lists the outcomes it may end in; any
// other is an error the soak reports. Faults reach the simulated upstream in the body
// (metadata.sim_fault, read because the simulator runs with SIM_BODY_FAULTS=1).
import { Agent, request } from "undici";
import type { SoakTenant } from "./tenants.ts";

export type Outcome =
  /** 2xx, read to the end: a stream ended with [DONE], an answer parsed. */
  | "ok"
  /** 2xx stream that broke off or ended without [DONE]. */
  | "stream-broken"
  /** The client hung up mid-stream on purpose. */
  | "client-disconnected"
  | "insufficient-quota"
  /** The upstream's error relayed: 500 server_error, 429 rate_limit_exceeded. */
  | "upstream-500"
  | "upstream-429"
  /** 502 upstream_unavailable: the upstream dropped the connection before answering. */
  | "upstream-unavailable"
  | "other-http-error"
  | "network-error"
  | "timeout";

interface Scenario {
  name: string;
  weight: number;
  endpoint: "/v1/chat/completions" | "/v1/completions";
  stream: boolean;
  /** metadata.sim_fault for the simulator. */
  fault?: string;
  /** Hang up after this many stream events. */
  disconnectAfterEvents?: number;
  expected: readonly Outcome[];
  /** Nothing was generated: the call must cost nothing. */
  free?: boolean;
}

export const SCENARIOS: readonly Scenario[] = [
  { name: "chat", weight: 28, endpoint: "/v1/chat/completions", stream: false, expected: ["ok"] },
  {
    name: "chat stream",
    weight: 24,
    endpoint: "/v1/chat/completions",
    stream: true,
    expected: ["ok"],
  },
  { name: "completion", weight: 10, endpoint: "/v1/completions", stream: false, expected: ["ok"] },
  {
    name: "completion stream",
    weight: 10,
    endpoint: "/v1/completions",
    stream: true,
    expected: ["ok"],
  },
  {
    name: "fault: upstream 500 before the first byte",
    weight: 5,
    endpoint: "/v1/chat/completions",
    stream: false,
    fault: "500",
    expected: ["upstream-500"],
    free: true,
  },
  {
    name: "fault: upstream 429 before the first byte",
    weight: 5,
    endpoint: "/v1/chat/completions",
    stream: true,
    fault: "429",
    expected: ["upstream-429"],
    free: true,
  },
  {
    name: "fault: upstream resets before answering",
    weight: 4,
    endpoint: "/v1/completions",
    stream: false,
    fault: "reset",
    expected: ["upstream-unavailable"],
    free: true,
  },
  {
    name: "fault: upstream resets mid-stream",
    weight: 5,
    endpoint: "/v1/chat/completions",
    stream: true,
    fault: "reset:3",
    expected: ["stream-broken"],
  },
  {
    name: "fault: client disconnects mid-stream",
    weight: 5,
    endpoint: "/v1/chat/completions",
    stream: true,
    disconnectAfterEvents: 2,
    // A reply shorter than two events is over before the client can leave.
    expected: ["client-disconnected", "ok"],
  },
  {
    name: "fault: stream never sends [DONE]",
    weight: 4,
    endpoint: "/v1/completions",
    stream: true,
    fault: "nodone",
    expected: ["stream-broken"],
  },
];

export interface CallResult {
  scenario: string;
  tenant: string;
  outcome: Outcome;
  status: number;
  requestId: string | undefined;
  expected: boolean;
  /** For unexpected outcomes: what came back. */
  detail?: string;
}

export interface TrafficOptions {
  origin: string;
  tenants: readonly SoakTenant[];
  deadline: number;
  workers: number;
  seed: number;
  onResult(result: CallResult): void;
}

/** mulberry32: a small seeded generator, so a run's mix of calls can be repeated. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROMPTS = [
  "Say hello to the soak test.",
  "Write one sentence about rivers.",
  "Count to five, slowly.",
  "What is a gateway? Answer briefly.",
  "Name three colours of the sea at dawn.",
];

/** The longest a call may take; the proxy and the simulator answer in well under a second. */
const CALL_TIMEOUT_MS = 30_000;

function bodyFor(scenario: Scenario, random: () => number): string {
  const prompt = PROMPTS[Math.floor(random() * PROMPTS.length)] ?? "";
  const maxTokens = 16 + Math.floor(random() * 48);
  const common = {
    max_tokens: maxTokens,
    stream: scenario.stream,
    ...(scenario.stream && random() < 0.5 ? { stream_options: { include_usage: true } } : {}),
    ...(scenario.fault ? { metadata: { sim_fault: scenario.fault } } : {}),
  };
  return JSON.stringify(
    scenario.endpoint === "/v1/chat/completions"
      ? {
          model: random() < 0.8 ? "gpt-4o-mini" : "gpt-3.5-turbo",
          messages: [{ role: "user", content: prompt }],
          ...common,
        }
      : { model: "gpt-3.5-turbo-instruct", prompt, ...common },
  );
}

function errorCode(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; type?: unknown } };
    const code = parsed.error?.code ?? parsed.error?.type;
    return typeof code === "string" ? code : undefined;
  } catch {
    return undefined;
  }
}

function classifyError(status: number, text: string): Outcome {
  const code = errorCode(text);
  if (status === 429 && code === "insufficient_quota") return "insufficient-quota";
  if (status === 429 && code === "rate_limit_exceeded") return "upstream-429";
  if (status === 500 && code === "server_error") return "upstream-500";
  if (status === 502 && code === "upstream_unavailable") return "upstream-unavailable";
  return "other-http-error";
}

export interface Caller {
  call(
    scenario: Scenario,
    key: string,
    body: string,
  ): Promise<Omit<CallResult, "tenant" | "expected">>;
  close(): Promise<void>;
}

export function createCaller(origin: string): Caller {
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 256 });
  return {
    async call(scenario, key, body) {
      const hangUp = new AbortController();
      const signal = AbortSignal.any([hangUp.signal, AbortSignal.timeout(CALL_TIMEOUT_MS)]);
      let status = 0;
      let requestId: string | undefined;
      const result = (outcome: Outcome, detail?: string) => ({
        scenario: scenario.name,
        outcome,
        status,
        requestId,
        detail,
      });
      try {
        const response = await request(`${origin}${scenario.endpoint}`, {
          method: "POST",
          dispatcher: agent,
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body,
          signal,
        });
        status = response.statusCode;
        const id = response.headers["x-request-id"];
        requestId = typeof id === "string" ? id : undefined;
        let text = "";
        let events = 0;
        try {
          for await (const chunk of response.body) {
            text += (chunk as Buffer).toString("utf8");
            if (scenario.disconnectAfterEvents === undefined || status !== 200) continue;
            events = text.split("\n\n").length - 1;
            if (events >= scenario.disconnectAfterEvents && !text.includes("[DONE]")) {
              hangUp.abort();
              break;
            }
          }
        } catch (error) {
          if (hangUp.signal.aborted) return result("client-disconnected");
          if (signal.aborted) return result("timeout");
          if (status === 200 && scenario.stream) return result("stream-broken");
          return result("network-error", String(error));
        }
        if (hangUp.signal.aborted) {
          response.body.destroy();
          return result("client-disconnected");
        }
        if (status >= 200 && status < 300) {
          if (scenario.stream) {
            return text.endsWith("data: [DONE]\n\n")
              ? result("ok")
              : result("stream-broken", text.slice(-200));
          }
          try {
            JSON.parse(text);
            return result("ok");
          } catch {
            return result("other-http-error", `a 2xx that is not JSON: ${text.slice(0, 200)}`);
          }
        }
        const outcome = classifyError(status, text);
        return result(outcome, outcome === "other-http-error" ? text.slice(0, 300) : undefined);
      } catch (error) {
        if (signal.aborted && !hangUp.signal.aborted) return result("timeout");
        return result("network-error", String(error));
      }
    },
    close: () => agent.close(),
  };
}

/** Runs `workers` loops of calls until the deadline; resolves when the last call has ended. */
export async function runTraffic(options: TrafficOptions, caller: Caller): Promise<void> {
  const random = seededRandom(options.seed);
  const total = SCENARIOS.reduce((sum, s) => sum + s.weight, 0);
  const pick = (): Scenario => {
    let roll = random() * total;
    for (const scenario of SCENARIOS) {
      roll -= scenario.weight;
      if (roll < 0) return scenario;
    }
    return SCENARIOS[0] as Scenario;
  };
  const worker = async () => {
    while (Date.now() < options.deadline) {
      const tenant = options.tenants[Math.floor(random() * options.tenants.length)];
      const key = tenant?.keys[Math.floor(random() * tenant.keys.length)];
      if (!tenant || !key) continue;
      const scenario = pick();
      const answer = await caller.call(scenario, key, bodyFor(scenario, random));
      const expected =
        scenario.expected.includes(answer.outcome) ||
        (tenant.runsOut && answer.outcome === "insufficient-quota");
      options.onResult({ ...answer, tenant: tenant.name, expected });
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));
}

/** Scenarios whose calls must cost nothing (nothing was generated). */
export const FREE_SCENARIOS = new Set(SCENARIOS.filter((s) => s.free).map((s) => s.name));
