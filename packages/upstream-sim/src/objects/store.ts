// The sim's upstream objects: uploaded files and fine-tuning jobs, kept in memory for the life of
// the process (shared by every sim in it; ids are random, so sims never see each other's ids).
import { countChatPromptTokens, type PromptMessage } from "../tokens.ts";

export interface SimFile {
  id: string;
  bytes: number;
  created_at: number;
  filename: string;
  purpose: string;
  content: Buffer;
  deleted: boolean;
}

export interface SimJobEvent {
  id: string;
  created_at: number;
  level: "info" | "warn" | "error";
  message: string;
  type: "message" | "metrics";
}

export interface SimJob {
  id: string;
  created_at: number;
  model: string;
  training_file: string;
  validation_file: string | null;
  suffix: string | null;
  seed: number;
  n_epochs: number;
  status: "queued" | "running" | "succeeded" | "cancelled" | "failed";
  fine_tuned_model: string | null;
  trained_tokens: number | null;
  finished_at: number | null;
  /** Tokens of one epoch: the training file's chat prompts. */
  epochTokens: number;
  events: SimJobEvent[];
}

export const files = new Map<string, SimFile>();
export const jobs = new Map<string, SimJob>();
/** Fine-tuned models the sim has produced and not deleted. */
export const fineTunedModels = new Set<string>();

/**
 * Tokens one epoch trains on: every line's messages counted as a chat prompt. Relay counts a
 * training file the same way to size a job's hold.
 */
export function trainingTokens(content: Buffer): number {
  let total = 0;
  for (const line of content.toString("utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      const row = JSON.parse(line) as {
        messages?: unknown;
        prompt?: unknown;
        completion?: unknown;
      };
      if (Array.isArray(row.messages)) {
        total += countChatPromptTokens(row.messages as PromptMessage[]);
      }
    } catch {
      // A line that is not JSON trains nothing (a real upstream fails validation instead).
    }
  }
  return total;
}
