import assert from "node:assert/strict";
import { parseScene } from "../scene/schema.ts";
import { defaultRegistry } from "../tools/index.ts";
import { checkFormat } from "./checks.ts";
import {
  convertRecord,
  FORMATS,
  type LlamaFactoryRecord,
  type LlavaRecord,
  type MessagesRecord,
  roundNumbers,
  toLlamaFactory,
} from "./export.ts";
import { generateForScene } from "./generate.ts";
import type { SrCotRecord } from "./record.ts";
import { recordFromInput } from "./sample.ts";
import { sceneWorkspace } from "./inputs.ts";

const SCENE = parseScene(JSON.parse(
  await Deno.readTextFile(
    new URL("../tests/fixtures/street.json", import.meta.url),
  ),
));
const tools = defaultRegistry().functionSchemas();

async function records(): Promise<SrCotRecord[]> {
  const { records } = await generateForScene(
    {
      key: "street.json",
      workspace: sceneWorkspace(SCENE),
      scene: SCENE,
      perceptionEvents: [],
      image: { path: "/data/photos/street.jpg", width: 1280, height: 720 },
      imagePath: "photos/street.jpg",
    },
    { seed: 3, perImage: 12, frame: "ours", circular: true, flip: true },
    {},
  );
  return records;
}

const META_KEYS = [
  "id",
  "question_id",
  "variant",
  "category",
  "answer",
  "answer_text",
  "frame",
  "intrinsics_source",
  "models",
  "orientation_confidences",
];

Deno.test("every format round-trips through JSON and carries the metadata", async () => {
  const rs = await records();
  for (const format of FORMATS) {
    for (const r of rs) {
      const line = JSON.stringify(convertRecord(r, format, { tools, imageRoot: "/data" }));
      const parsed = JSON.parse(line);
      const meta = format === "sr-cot" ? parsed : parsed.meta;
      for (const k of META_KEYS) assert.ok(k in meta, `${format}: no ${k}`);
      assert.equal(meta.question_id, r.question_id);
      assert.ok(Array.isArray(meta.orientation_confidences));
    }
  }
});

Deno.test("llava: human with <image> and the prompt, gpt with the SR-CoT, image under the root", async () => {
  const [r] = await records();
  const l = convertRecord(r, "llava", { tools, imageRoot: "/data" }) as LlavaRecord;
  assert.equal(l.image, "photos/street.jpg");
  assert.deepEqual(l.conversations.map((c) => c.from), ["human", "gpt"]);
  assert.ok(l.conversations[0].value.startsWith("<image>\n"));
  assert.ok(l.conversations[0].value.includes(r.question));
  assert.ok(checkFormat(l.conversations[1].value));
  // Without a root the record's own relative path stays.
  assert.equal((convertRecord(r, "llava", { tools }) as LlavaRecord).image, "photos/street.jpg");
});

Deno.test("messages: system states the frame, user has an image part, assistant the SR-CoT", async () => {
  const [r] = await records();
  const m = convertRecord(r, "messages", { tools }) as MessagesRecord;
  assert.deepEqual(m.messages.map((x) => x.role), ["system", "user", "assistant"]);
  assert.match(m.messages[0].content as string, /\+x right, \+y forward/);
  const user = m.messages[1];
  assert.ok(user.role === "user" && user.content[0].type === "image");
  assert.deepEqual(m.images, ["photos/street.jpg"]);
  assert.equal(m.messages[2].content, r.cot);
});

Deno.test("llamafactory: alternating function_call/observation turns from the trace's tool events", async () => {
  for (const r of await records()) {
    const lf = toLlamaFactory(r, tools);
    const roles = lf.conversations.map((c) => c.from);
    assert.equal(roles[0], "human");
    assert.equal(roles.at(-1), "gpt");
    const middle = roles.slice(1, -1);
    assert.ok(middle.length >= 2, "no tool calls");
    middle.forEach((role, i) => assert.equal(role, i % 2 ? "observation" : "function_call"));
    const calls = lf.conversations.filter((c) => c.from === "function_call").map((c) =>
      JSON.parse(c.value)
    );
    const events = r.trace.events.filter((e) =>
      e.type === "computation" || e.type === "perception"
    );
    assert.deepEqual(calls.map((c) => c.name), events.map((e) => "tool" in e && e.tool));
    const names = (JSON.parse(lf.tools) as { name: string }[]).map((t) => t.name);
    for (const c of calls) assert.ok(names.includes(c.name));
    (lf as LlamaFactoryRecord).conversations.filter((c) => c.from === "observation")
      .forEach((c) => JSON.parse(c.value));
  }
});

Deno.test("llamafactory refuses records in SpatialReasoner's frame", async () => {
  const [r] = await records();
  assert.throws(() => toLlamaFactory({ ...r, frame: "spatialreasoner" }, tools), /our frame/);
});

Deno.test("export re-renders a record in another frame and reads plain traces", async () => {
  const [r] = await records();
  const sr = recordFromInput(r, { frame: "spatialreasoner" })!;
  assert.equal(sr.frame, "spatialreasoner");
  assert.equal(sr.answer, r.answer);
  assert.notEqual(sr.cot, r.cot);
  const fromTrace = recordFromInput(r.trace, { frame: "ours" })!;
  assert.equal(fromTrace.category, "unknown");
  assert.equal(fromTrace.source, "trace");
  assert.equal(fromTrace.answer, r.answer);
  assert.ok(checkFormat(fromTrace.cot));
  const unanswered = { ...r.trace, answer: { text: "Cannot answer", value: null } };
  assert.equal(recordFromInput(unanswered, { frame: "ours" }), null);
});

Deno.test("roundNumbers rounds floats only", () => {
  assert.deepEqual(roundNumbers({ a: [1.234567, 2], b: "x", c: { d: -0.000049 } }), {
    a: [1.2346, 2],
    b: "x",
    c: { d: -0 },
  });
});
