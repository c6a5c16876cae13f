// POST /v1/responses: OpenAI's Responses API. Channels whose upstream speaks it (OpenAI, Azure) get
// the call as it is; the others get it as a chat completion and answer through the translation in
// dialects/responses. Held like chat: the prompt (instructions, input items, tools, and the
// conversation a previous_response_id continues) counted, plus max_output_tokens or the model's
// limit; reasoning tokens are part of the output tokens OpenAI reports, so they are charged too.
import type { ProviderType } from "@relay/db";
import type { ChannelRoute } from "../../catalog/catalog.ts";
import { chatMessages, inputItems, toChatRequest } from "../../dialects/responses/request.ts";
import { OpenAIError } from "../../http/openai-error.ts";
import {
  atLeast,
  countChatPromptTokens,
  countTextTokens,
  countToolTokens,
} from "../../tokenize/index.ts";
import type { Dialect } from "../dialect.ts";
import {
  completionBudget,
  fitPrompts,
  invalidType,
  type MeteredEndpoint,
  refuseCapAboveLimit,
  requestedCap,
} from "../types.ts";
import { type ResponseCall, relayResponse } from "./relay.ts";
import { type PreviousContext, previousContext } from "./store.ts";
import { responseUsage } from "./usage.ts";

const CAPS = ["max_output_tokens"] as const;
/** OpenAI's smallest max_output_tokens. */
const MIN_OUTPUT_TOKENS = 16;

/** Channels that serve the Responses API natively; the rest are sent chat completions. */
const NATIVE: ReadonlySet<ProviderType> = new Set<ProviderType>(["OPENAI", "AZURE"]);

function previousNotFound(id: string): OpenAIError {
  return new OpenAIError(
    400,
    `Previous response with id '${id}' not found.`,
    "invalid_request_error",
    "previous_response_not_found",
    "previous_response_id",
  );
}

/** The prompt as chat messages for counting; items chat cannot express count as their JSON. */
function countPrompt(body: Record<string, unknown>, history: readonly Record<string, unknown>[]) {
  const items = [...history, ...inputItems(body.input)];
  try {
    return { messages: chatMessages(body.instructions, items), extra: "" };
  } catch {
    return {
      messages: chatMessages(body.instructions, []),
      extra: JSON.stringify(items),
    };
  }
}

function endpointFor(previous: PreviousContext | undefined, call?: ResponseCall): MeteredEndpoint {
  const history = previous?.kind === "relay" ? previous.history : [];
  const dialect: Dialect = {
    native: (provider) => NATIVE.has(provider),
    toChat: (body) => toChatRequest(body),
    relay: (ctx, forwarded) => {
      // Every call gets its own endpoint from forCall, which knows the caller.
      if (!call) throw new Error("a response relayed without its call");
      return relayResponse(ctx, forwarded, call);
    },
  };
  return {
    path: "/responses",
    streams: true,
    streamUsage: false,
    dialect,
    validate(body) {
      if (
        body.input !== undefined &&
        typeof body.input !== "string" &&
        !Array.isArray(body.input)
      ) {
        throw invalidType("input", "a string or an array", body.input);
      }
      // A reusable prompt (`prompt`) or a conversation to continue can stand in for input.
      if (
        body.input === undefined &&
        body.previous_response_id === undefined &&
        body.prompt === undefined
      ) {
        throw new OpenAIError(
          400,
          "Missing required parameter: 'input'.",
          "invalid_request_error",
          "missing_required_parameter",
          "input",
        );
      }
      const previousId = body.previous_response_id;
      if (previousId !== undefined && previousId !== null && typeof previousId !== "string") {
        throw invalidType("previous_response_id", "a string", previousId);
      }
      requestedCap(body, CAPS, MIN_OUTPUT_TOKENS);
    },
    // A conversation Relay keeps goes to any channel in full (native ones get it as input items).
    toUpstream(body) {
      if (previous?.kind !== "relay") return body;
      const { previous_response_id: _kept, ...rest } = body;
      const replay = history.map(({ id: _id, ...item }) => item);
      return { ...rest, input: [...replay, ...inputItems(body.input)] };
    },
    routes(routes: ChannelRoute[]) {
      if (previous?.kind !== "upstream") return routes;
      return routes.filter((route) => route.channel.id === previous.channelId);
    },
    estimate(body, model) {
      refuseCapAboveLimit(body, CAPS, model);
      const requested = requestedCap(body, CAPS, MIN_OUTPUT_TOKENS);
      const carried = previous?.kind === "upstream" ? previous.contextTokens : 0;
      const prompt = countPrompt(body, history);
      const [counted = { tokens: 0, atLeast: 0 }] = fitPrompts(
        (budget) => {
          let tokens = carried + countChatPromptTokens(prompt.messages, model.id, budget);
          if (prompt.extra) tokens += countTextTokens(prompt.extra, model.id, budget);
          if (Array.isArray(body.tools)) tokens += countToolTokens(body.tools, model.id, budget);
          return [{ tokens, atLeast: atLeast(tokens, budget) }];
        },
        model,
        requested,
        "messages",
      );
      return {
        promptTokens: counted.tokens,
        maxCompletionTokens: completionBudget(requested, model, counted.atLeast),
      };
    },
    usage: responseUsage,
    async forCall(body, scope) {
      const id = body.previous_response_id;
      const found =
        typeof id === "string"
          ? await previousContext(scope.gateway.db, scope.key.tenantId, id)
          : undefined;
      if (typeof id === "string" && !found) throw previousNotFound(id);
      return endpointFor(found, { ...scope, body });
    },
  };
}

export const responses: MeteredEndpoint = endpointFor(undefined);
