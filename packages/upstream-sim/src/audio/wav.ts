// Audio the sim writes itself: 16-bit mono PCM, as raw samples or in a WAV container.

/** A RIFF/WAVE file around 16-bit little-endian mono samples. */
export function wavFile(samples: Int16Array, sampleRate: number): Buffer {
  const data = pcmBytes(samples);
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVE", 8, "ascii");
  header.write("fmt ", 12, "ascii");
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28); // bytes per second
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write("data", 36, "ascii");
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** The samples as little-endian bytes (OpenAI's `pcm`: 24 kHz, 16-bit, mono, no header). */
export function pcmBytes(samples: Int16Array): Buffer {
  const out = Buffer.alloc(samples.length * 2);
  for (const [i, sample] of samples.entries()) out.writeInt16LE(sample, i * 2);
  return out;
}

/**
 * A deterministic "voice": one short tone per character of the text, its pitch taken from the
 * character, so the same input, voice and speed always sound (and encode) the same.
 */
export function toneSamples(
  text: string,
  options: { sampleRate: number; secondsPerChar: number; basePitch: number },
): Int16Array {
  const perChar = Math.max(1, Math.round(options.sampleRate * options.secondsPerChar));
  const chars = [...text];
  const samples = new Int16Array(chars.length * perChar);
  for (const [index, char] of chars.entries()) {
    const code = char.codePointAt(0) ?? 32;
    const pitch = /\s/.test(char) ? 0 : options.basePitch + (code % 32) * 12;
    for (let i = 0; i < perChar; i += 1) {
      const t = i / options.sampleRate;
      // A short fade in and out keeps each tone click-free.
      const envelope = Math.min(1, i / 200, (perChar - i) / 200);
      samples[index * perChar + i] = Math.round(
        Math.sin(2 * Math.PI * pitch * t) * 8_000 * envelope,
      );
    }
  }
  return samples;
}
