// POST /v1/images/edits and /variations (dall-e-2's multipart calls): PNGs drawn from the upload
// and encoded with pngjs. An edit paints the transparent area (the mask's, else the image's own)
// in a colour taken from the prompt; a variation shifts every colour by an amount per image.
import { PNG } from "pngjs";
import { SimError } from "../errors.ts";
import { formBody, isSimFile, type SimFile } from "../multipart.ts";
import { asBody, invalidValue, missingParam, optionalEnum, optionalString } from "../params.ts";
import { colourOf } from "../png.ts";
import { digestHex } from "../random.ts";
import { nowSeconds, type Route, type SimReply } from "../route.ts";
import { IMAGE_FILE_PATH } from "./images.ts";

const SIZES = ["256x256", "512x512", "1024x1024"] as const;

function decode(file: SimFile, param: string): PNG {
  try {
    return PNG.sync.read(file.data);
  } catch {
    throw new SimError(400, `Invalid input image - '${param}' must be a valid PNG file.`, {
      param,
      code: "invalid_image_format",
    });
  }
}

/** `n` from a form field (text) or a JSON number. */
function count(body: Record<string, unknown>): number {
  const raw = body.n ?? 1;
  const n = typeof raw === "string" ? Number(raw) : raw;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 10) {
    throw new SimError(400, `Invalid 'n': expected an integer from 1 to 10, got ${String(raw)}.`, {
      param: "n",
      code: "invalid_value",
    });
  }
  return n;
}

/** The source scaled (nearest neighbour) to `side`, each pixel passed through `paint`. */
function draw(
  source: PNG,
  side: number,
  paint: (rgba: [number, number, number, number], x: number, y: number) => number[],
): Buffer {
  const out = new PNG({ width: side, height: side });
  for (let y = 0; y < side; y += 1) {
    for (let x = 0; x < side; x += 1) {
      const sx = Math.floor((x * source.width) / side);
      const sy = Math.floor((y * source.height) / side);
      const at = (sy * source.width + sx) * 4;
      const d = source.data;
      const pixel = paint([d[at] ?? 0, d[at + 1] ?? 0, d[at + 2] ?? 0, d[at + 3] ?? 255], sx, sy);
      out.data.set(pixel, (y * side + x) * 4);
    }
  }
  return PNG.sync.write(out);
}

function imageRoute(kind: "edit" | "variation"): Route["handle"] {
  return ({ body: raw, origin }): SimReply => {
    const body = asBody(raw);
    const file = body.image;
    if (!isSimFile(file)) throw missingParam("image");
    const prompt = kind === "edit" ? optionalString(body, "prompt") : "";
    if (prompt === undefined || (kind === "edit" && prompt === "")) throw missingParam("prompt");
    const image = decode(file, "image");
    if (image.width !== image.height) {
      throw new SimError(400, "Uploaded image must be square.", { param: "image" });
    }
    const mask = isSimFile(body.mask) ? decode(body.mask, "mask") : undefined;
    if (mask && (mask.width !== image.width || mask.height !== image.height)) {
      throw new SimError(400, "The mask must have the same dimensions as the image.", {
        param: "mask",
      });
    }
    const n = count(body);
    const size = optionalString(body, "size") ?? "1024x1024";
    if (!(SIZES as readonly string[]).includes(size)) throw invalidValue("size", size, SIZES);
    const side = Number(size.split("x")[0]);
    const format = optionalEnum(body, "response_format", ["url", "b64_json"]) ?? "url";
    const source = digestHex(32, file.data.toString("base64"));

    const data = Array.from({ length: n }, (_, index) => {
      const id = digestHex(24, kind, source, prompt, size, String(index));
      if (format === "url") {
        return { url: `${origin}${IMAGE_FILE_PATH.replace(":file", `${id}.png`)}` };
      }
      const [r, g, b] = colourOf(id);
      const png = draw(image, side, ([pr, pg, pb, pa], x, y) => {
        if (kind === "variation") return [(pr + r) % 256, (pg + g) % 256, (pb + b) % 256, pa];
        const alpha = mask ? (mask.data[(y * mask.width + x) * 4 + 3] ?? 255) : pa;
        return alpha === 0 ? [r, g, b, 255] : [pr, pg, pb, pa];
      });
      return { b64_json: png.toString("base64") };
    });
    return { kind: "json", body: { created: nowSeconds(), data } };
  };
}

export const imageEdits: Route = {
  method: "POST",
  path: "/v1/images/edits",
  rawBody: true,
  prepare: formBody,
  handle: imageRoute("edit"),
};

export const imageVariations: Route = {
  method: "POST",
  path: "/v1/images/variations",
  rawBody: true,
  prepare: formBody,
  handle: imageRoute("variation"),
};
