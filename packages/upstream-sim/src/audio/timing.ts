// Spreads a transcript over an audio's duration: each sentence, and each word in it, takes time in
// proportion to its length, so segments and words tile the audio exactly.

export interface TimedWord {
  word: string;
  start: number;
  end: number;
}

export interface TimedSentence {
  text: string;
  start: number;
  end: number;
  words: TimedWord[];
}

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;

export function timedSentences(text: string, duration: number): TimedSentence[] {
  const sentences = text
    .match(/[^.!?]+[.!?]*/g)
    ?.map((s) => s.trim())
    .filter(Boolean) ?? [text];
  const total = sentences.reduce((sum, s) => sum + s.length, 0) || 1;
  let at = 0;
  return sentences.map((sentence) => {
    const start = at;
    const end = at + (duration * sentence.length) / total;
    at = end;
    const words = sentence.split(/\s+/);
    const letters = words.reduce((sum, w) => sum + w.length, 0) || 1;
    let wordAt = start;
    return {
      text: sentence,
      start: round(start),
      end: round(end),
      words: words.map((word) => {
        const wordStart = wordAt;
        wordAt += ((end - start) * word.length) / letters;
        return { word: word.replace(/[.,!?]/g, ""), start: round(wordStart), end: round(wordAt) };
      }),
    };
  });
}

/** 00:01:02,345 (SRT, with ",") or 00:01:02.345 (WebVTT, with "."). */
export function formatTimestamp(seconds: number, separator: "," | "."): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(ms % 1000, 3)}`;
}
