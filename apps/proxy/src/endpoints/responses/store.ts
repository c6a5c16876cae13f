// Stored responses, always scoped to the tenant that made them: another tenant's id reads as
// absent. Relay keeps the responses it translated (their input items and the response object);
// for those served natively it keeps only who owns them and on which channel they live.
import { type Db, Prisma } from "@relay/db";
import { inputItems } from "../../dialects/responses/request.ts";
import { newItemId } from "../../dialects/responses/response.ts";
import { record } from "../types.ts";

type Json = Record<string, unknown>;

/** How many turns a previous_response_id chain is followed back. */
const MAX_CHAIN = 256;

export interface OwnedResponse {
  id: string;
  /** Set: the response lives upstream on this channel. */
  channelId: string | null;
  previousResponseId: string | null;
  input: Json[];
  response: Json | null;
  contextTokens: number;
}

export async function findResponse(
  db: Db,
  tenantId: string,
  id: string,
): Promise<OwnedResponse | undefined> {
  const row = await db.storedResponse.findFirst({ where: { id, tenantId, deletedAt: null } });
  if (!row) return undefined;
  return {
    id: row.id,
    channelId: row.channelId,
    previousResponseId: row.previousResponseId,
    input: Array.isArray(row.input) ? row.input.map(record) : [],
    response: row.response === null ? null : record(row.response),
    contextTokens: row.contextTokens,
  };
}

/** What a previous_response_id stands for. */
export type PreviousContext =
  /** Kept by Relay: the whole conversation, as input items, oldest first. */
  | { kind: "relay"; history: Json[] }
  /** Kept upstream: only that channel can continue it; its size is known from its usage. */
  | { kind: "upstream"; channelId: string; contextTokens: number };

export async function previousContext(
  db: Db,
  tenantId: string,
  id: string,
): Promise<PreviousContext | undefined> {
  const latest = await findResponse(db, tenantId, id);
  if (!latest) return undefined;
  if (latest.channelId) {
    return { kind: "upstream", channelId: latest.channelId, contextTokens: latest.contextTokens };
  }
  const turns: OwnedResponse[] = [latest];
  let previous = latest.previousResponseId;
  while (previous && turns.length < MAX_CHAIN) {
    const turn = await findResponse(db, tenantId, previous);
    // A deleted turn ends the conversation there, as a deleted response does upstream.
    if (!turn || turn.channelId) break;
    turns.unshift(turn);
    previous = turn.previousResponseId;
  }
  const history = turns.flatMap((turn) => {
    const output = turn.response?.output;
    return [...turn.input, ...(Array.isArray(output) ? output.map(record) : [])];
  });
  return { kind: "relay", history };
}

/** The input items as input_items lists them: each with an id and a type. */
export function storedInput(input: unknown): Json[] {
  return inputItems(input).map((item) => {
    const type = item.type ?? "message";
    const prefix = type === "function_call" ? "fc" : "msg";
    const content =
      type === "message" && typeof item.content === "string"
        ? [{ type: item.role === "assistant" ? "output_text" : "input_text", text: item.content }]
        : item.content;
    return {
      id: typeof item.id === "string" ? item.id : newItemId(prefix),
      ...item,
      type,
      ...(content === undefined ? {} : { content }),
    };
  });
}

export interface NewResponse {
  id: string;
  tenantId: string;
  apiKeyId: string;
  model: string;
  previousResponseId: string | null;
  contextTokens: number;
  /** Native: the channel it lives on. */
  channelId?: string;
  /** Translated: what Relay keeps. */
  kept?: { input: Json[]; response: Json };
}

export async function saveResponse(db: Db, row: NewResponse): Promise<void> {
  await db.storedResponse.create({
    data: {
      id: row.id,
      tenantId: row.tenantId,
      apiKeyId: row.apiKeyId,
      channelId: row.channelId ?? null,
      previousResponseId: row.previousResponseId,
      model: row.model,
      contextTokens: row.contextTokens,
      input: row.kept ? (row.kept.input as Prisma.InputJsonValue) : undefined,
      response: row.kept ? (row.kept.response as Prisma.InputJsonValue) : undefined,
    },
  });
}

/** Marks a response deleted; what Relay kept of it is dropped. False: the tenant has none. */
export async function deleteResponse(db: Db, tenantId: string, id: string): Promise<boolean> {
  const { count } = await db.storedResponse.updateMany({
    where: { id, tenantId, deletedAt: null },
    data: { deletedAt: new Date(), input: Prisma.DbNull, response: Prisma.DbNull },
  });
  return count > 0;
}
