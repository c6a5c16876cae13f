import { newId } from "../ids.ts";
import {
  asBody,
  type Body,
  invalidType,
  isList,
  isRecord,
  missingParam,
  optionalString,
} from "../params.ts";
import { createRandom } from "../random.ts";
import type { Route } from "../route.ts";

const CATEGORIES = [
  "harassment",
  "harassment/threatening",
  "hate",
  "hate/threatening",
  "illicit",
  "illicit/violent",
  "self-harm",
  "self-harm/intent",
  "self-harm/instructions",
  "sexual",
  "sexual/minors",
  "violence",
  "violence/graphic",
] as const;

/** One moderation subject: text, plus whether an image came with it (omni's multi-modal input). */
interface Subject {
  text: string;
  hasImage: boolean;
}

function parseSubjects(body: Body): Subject[] {
  const input = body.input;
  if (input === undefined || input === null) throw missingParam("input");
  if (typeof input === "string") return [{ text: input, hasImage: false }];
  if (!isList(input)) throw invalidType("input", "a string or an array", input);
  if (input.every((item): item is string => typeof item === "string")) {
    return input.map((text) => ({ text, hasImage: false }));
  }
  // An array of parts is one subject: its texts together, and maybe an image.
  let text = "";
  let hasImage = false;
  for (const part of input) {
    if (!isRecord(part)) throw invalidType("input", "a string or an array", input);
    if (part.type === "text" && typeof part.text === "string") text += `${part.text}\n`;
    else if (part.type === "image_url") hasImage = true;
    else throw invalidType("input", "an array of text or image_url parts", input);
  }
  return [{ text: text.trimEnd(), hasImage }];
}

/** Scores are tiny and seeded by the text, except violence for anything that mentions killing. */
function moderate(subject: Subject, omni: boolean) {
  const random = createRandom("moderation", subject.text);
  const violent = /kill/i.test(subject.text);
  const scores: Record<string, number> = {};
  const flags: Record<string, boolean> = {};
  const applied: Record<string, string[]> = {};
  for (const category of CATEGORIES) {
    const base = Math.round((0.000001 + random.next() * 0.001) * 1e9) / 1e9;
    const score = violent && category === "violence" ? 0.91 + random.next() * 0.05 : base;
    scores[category] = score;
    flags[category] = score >= 0.5;
    // Per OpenAI, only some categories are judged on images.
    const imageJudged =
      category.startsWith("violence") || category.startsWith("self-harm") || category === "sexual";
    applied[category] = subject.hasImage && imageJudged ? ["text", "image"] : ["text"];
  }
  return {
    flagged: Object.values(flags).some(Boolean),
    categories: flags,
    category_scores: scores,
    ...(omni ? { category_applied_input_types: applied } : {}),
  };
}

export const moderations: Route = {
  method: "POST",
  path: "/v1/moderations",
  handle: ({ body: raw }) => {
    const body = asBody(raw);
    const model = optionalString(body, "model") ?? "omni-moderation-latest";
    const subjects = parseSubjects(body);
    const omni = model.startsWith("omni");
    return {
      kind: "json",
      body: { id: newId("modr-"), model, results: subjects.map((s) => moderate(s, omni)) },
    };
  },
};
