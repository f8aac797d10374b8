/**
 * Reads a `POST /api/ask` request — multipart form or JSON — into a validated
 * {@link QuestionInput}. Both shapes pass through one zod schema, so they accept the same
 * fields with the same rules. Unknown fields are refused: in particular no field names a file
 * on the server (`image_path`, `scene_path`, …); images arrive as bytes only. Instead of an image
 * a question may carry `scene`: the text of a scene file (JSON or a SpatialLM layout, read by
 * scene/load.ts) with an optional `viewpoint` for layouts.
 *
 * @module
 */
import { z } from "zod";
import { InputError, inputErrorFromZod } from "../core/errors.ts";
import { checkHistory, checkOptions, checkQuestion } from "../agent/text_limits.ts";
import { parseSceneText } from "../scene/load.ts";
import { HttpError } from "./errors.ts";
import type { ServerLimits } from "./limits.ts";
import type { ImageSource, QuestionInput } from "./question.ts";

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 in lower-case hex");
/** Model names as Ollama writes them (`qwen2.5vl:7b`, `library/x:latest`). */
export const ModelName = z.string().regex(/^[\w.:/-]{1,200}$/, "is not a model name");
const Finite = z.coerce.number().finite();

const AskSchema = z.strictObject({
  question: z.string(),
  options: z.union([z.array(z.string()), z.string()]).optional(),
  planner: z.enum(["auto", "llm", "rules"]).optional(),
  model: ModelName.optional(),
  image: z.string().optional().describe("base64 or a data: URL"),
  image_id: Sha256.optional().describe("sha256 of an image sent before"),
  scene: z.string().optional().describe("a scene file's text: JSON or a SpatialLM layout"),
  viewpoint: z.string().max(200).optional().describe('for a layout: "A->B" or "doorway"'),
  history: z.array(z.strictObject({
    role: z.enum(["user", "assistant"]),
    content: z.string(),
  })).optional(),
  camera: z.strictObject({
    fx: Finite.positive().optional(),
    fy: Finite.positive().optional(),
    cx: Finite.optional(),
    cy: Finite.optional(),
  }).optional(),
});

/** Bytes of a base64 string or a `data:image/…;base64,` URL. */
export function decodeImageString(text: string, field: string): Uint8Array {
  const m = text.match(/^data:([^;,]*)(;base64)?,/);
  if (m && !m[2]) throw new InputError(field, "data URL is not base64-encoded");
  const b64 = (m ? text.slice(m[0].length) : text).replace(/\s+/g, "");
  try {
    return Uint8Array.fromBase64(b64);
  } catch {
    throw new InputError(
      field,
      "is neither base64 nor a data: URL",
      "send data:image/jpeg;base64,…",
    );
  }
}

/** Parses and validates the request body. */
export async function readAskRequest(req: Request, limits: ServerLimits): Promise<QuestionInput> {
  const type = req.headers.get("content-type") ?? "";
  let raw: Record<string, unknown>;
  let upload: Uint8Array | undefined;
  if (type.startsWith("multipart/form-data")) {
    ({ raw, upload } = await readForm(req));
  } else if (type.startsWith("application/json")) {
    raw = await req.json().catch(() => {
      throw new InputError("body", "is not valid JSON");
    });
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
      throw new InputError("body", "must be a JSON object");
    }
  } else {
    throw new HttpError(415, `unsupported content type "${type || "(none)"}"`, {
      hint: "send multipart/form-data (image file + question) or application/json",
    });
  }
  const parsed = AskSchema.safeParse(raw);
  if (!parsed.success) throw inputErrorFromZod(parsed.error);
  const body = parsed.data;
  const question = checkQuestion(body.question, limits);
  if (body.viewpoint !== undefined && body.scene === undefined) {
    throw new InputError("viewpoint", "needs a scene (a SpatialLM layout)");
  }
  const source = body.scene !== undefined
    ? sceneSource(body.scene, body.viewpoint, [upload, body.image, body.image_id])
    : { image: imageSource(upload, body.image, body.image_id) };
  return {
    question,
    ...source,
    ...optional("options", checkOptions(body.options, limits)),
    ...optional("planner", body.planner),
    ...optional("model", body.model),
    ...optional("history", body.history && checkHistory(body.history, limits)),
    ...optional("camera", body.camera),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** A scene given as text instead of an image; errors name the line, e.g. `scene:3 scale_z`. */
function sceneSource(text: string, viewpoint: string | undefined, images: unknown[]) {
  if (images.some((v) => v !== undefined)) {
    throw new InputError("scene", "give an image or a scene, not both");
  }
  return { scene: parseSceneText(text, "scene", viewpoint ? { viewpoint } : {}) };
}

function imageSource(
  upload: Uint8Array | undefined,
  text: string | undefined,
  id: string | undefined,
): ImageSource {
  const given = [upload, text, id].filter((v) => v !== undefined).length;
  if (given === 0) {
    throw new InputError("image", "no image given", "attach an image file, or send image_id");
  }
  if (given > 1) throw new InputError("image", "give one of image (file or base64) and image_id");
  if (id) return { id };
  return { bytes: upload ?? decodeImageString(text!, "image") };
}

/** Multipart fields as the JSON shape: the file apart, `history`/`camera` as JSON text. */
async function readForm(
  req: Request,
): Promise<{ raw: Record<string, unknown>; upload?: Uint8Array }> {
  const form = await req.formData().catch(() => {
    throw new InputError("body", "is not a valid multipart form");
  });
  const raw: Record<string, unknown> = {};
  let upload: Uint8Array | undefined;
  for (const [key, value] of form) {
    if (typeof value !== "string") {
      if (key !== "image") throw new InputError(key, "only the image field may be a file");
      upload = new Uint8Array(await value.arrayBuffer());
      continue;
    }
    if (key === "options" && raw.options !== undefined) {
      raw.options = [...[raw.options].flat() as string[], value];
    } else if (key === "history" || key === "camera") {
      try {
        raw[key] = JSON.parse(value);
      } catch {
        throw new InputError(key, "is not valid JSON");
      }
    } else {
      raw[key] = value;
    }
  }
  return { raw, upload };
}
