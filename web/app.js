/// <reference lib="dom" />
/**
 * The chat page: pick an image (drop, paste, choose), ask, and watch the answer build as the
 * server streams the trace — boxes on the photo, objects in the bird's-eye view, steps in the
 * thread. Follow-up questions send the image's sha256 instead of the image, so the server reuses
 * the decoded image and its perception. The page only draws the numbers it receives.
 *
 * @module
 */
import { adoptTokenFromHash, api, ApiError, setToken } from "./api.js";
import { colorFor, fmt, USED } from "./colors.js";
import { drawBev, unitOf } from "./draw_bev.js";
import { drawImage } from "./draw_image.js";
import { drawPlan } from "./draw_plan.js";
import { isSceneFile, loadScene, sceneRequest, sceneView } from "./scene_file.js";
import { readEvents } from "./sse.js";
import { SECTIONS, stepElement } from "./steps.js";

/**
 * @typedef {import("./draw_image.js").SceneView} SceneView
 * @typedef {import("./draw_image.js").CameraView} CameraView
 * @typedef {import("./draw_image.js").Hit} Hit
 * @typedef {{ li: HTMLElement, answer: HTMLElement, badges: HTMLElement, actions: HTMLElement,
 *   sections: Record<string, { details: HTMLDetailsElement, count: HTMLElement,
 *   list: HTMLElement }> }} Card
 * The `answer` event (server/routes/ask.ts).
 * @typedef {{ answer: string, value: unknown, status: string, planner: string, trace_id: string,
 *   image?: { sha256: string, width: number, height: number }, camera?: CameraView,
 *   view: SceneView, export?: { ok: boolean, reason?: string } }} AnswerEvent
 */

/** @param {string} id */
const $ = (id) => /** @type {any} */ (document.getElementById(id));

const state = {
  /** @type {File | null} */ file: null,
  /** @type {ImageBitmap | null} */ bitmap: null,
  /** @type {string | null} sha256 of the image on the server */ imageId: null,
  /** @type {{ width: number, height: number } | null} */ imageSize: null,
  /** @type {SceneView | null} */ view: null,
  /** @type {CameraView | null} */ camera: null,
  /** @type {{ role: "user" | "assistant", content: string }[]} */ history: [],
  /** @type {string[]} */ formats: [],
  /** @type {string | null} the object under the pointer, or tapped */ hover: null,
  /** @type {import("./scene_file.js").LoadedScene | null} a layout instead of a photo */ scene:
    null,
  /** @type {{ image: Hit[], bev: Hit[] }} where each view drew its objects */
  hits: { image: [], bev: [] },
  busy: false,
};

const TYPES = ["image/jpeg", "image/png", "image/webp"];

function redraw() {
  if (state.bitmap) {
    state.hits.image = drawImage(
      $("image-canvas"),
      state.bitmap,
      state.view,
      state.imageSize,
      state.hover,
      state.camera,
    );
  }
  if (state.scene) {
    drawPlan($("bev-canvas"), state.scene.plan, state.view, !!state.scene.viewpoint, state.hover);
    state.hits.bev = [];
  } else state.hits.bev = drawBev($("bev-canvas"), state.view, state.camera, state.hover);
  renderObjects();
}

/** @param {string | null} id */
function setHover(id) {
  if (id === state.hover) return;
  state.hover = id;
  redraw();
}

/**
 * Hover and tap on a canvas highlight the object under the pointer in both views and the table.
 *
 * @param {HTMLCanvasElement} canvas
 * @param {"image" | "bev"} which
 */
function hoverable(canvas, which) {
  /** @param {PointerEvent} e */
  const hit = (e) => {
    const r = canvas.getBoundingClientRect();
    const [x, y] = [e.clientX - r.left, e.clientY - r.top];
    return state.hits[which].find((h) => x >= h.x1 && x <= h.x2 && y >= h.y1 && y <= h.y2)?.id ??
      null;
  };
  canvas.addEventListener("pointermove", (e) => {
    if (e.pointerType === "mouse") setHover(hit(e));
  });
  canvas.addEventListener("pointerleave", (e) => {
    if (e.pointerType === "mouse") setHover(null);
  });
  // A tap (touch or pen) toggles the highlight; a click on the photo's hint still opens the picker.
  canvas.addEventListener("pointerup", (e) => {
    if (e.pointerType === "mouse") return;
    const id = hit(e);
    setHover(id === state.hover ? null : id);
  });
}

function renderObjects() {
  // Lengths are labelled in the scene's units (metres unless the server says otherwise).
  for (const el of document.querySelectorAll(".unit")) el.textContent = unitOf(state.view);
  for (const el of document.querySelectorAll(".units-word")) {
    el.textContent = state.view?.units ?? "metres";
  }
  const body = $("objects").tBodies[0];
  body.replaceChildren();
  const used = new Set(state.view?.used ?? []);
  for (const o of state.view?.objects ?? []) {
    const tr = document.createElement("tr");
    tr.classList.toggle("used", used.has(o.id));
    tr.classList.toggle("hover", state.hover === o.id);
    tr.dataset.id = o.id;
    const name = document.createElement("td");
    const dot = document.createElement("span");
    dot.className = "dot";
    dot.style.background = used.has(o.id) ? USED : colorFor(o.label);
    const score = document.createElement("small");
    score.textContent = o.score !== undefined ? ` ${fmt(o.score * 100, 0)}%` : "";
    name.append(dot, o.id, score);
    const cells = [
      o.depth !== undefined ? `${fmt(o.depth, 1)}±${fmt(o.depth_uncertainty, 1)}` : "–",
      o.center ? o.center.map((v) => fmt(v, 1)).join(", ") : "–",
      o.front ? `${fmt(o.azimuth_deg, 0)}° (${fmt(o.orientation_confidence, 1)})` : "–",
    ].map((text) => {
      const td = document.createElement("td");
      td.textContent = text;
      return td;
    });
    tr.append(name, ...cells);
    tr.title = o.center
      ? `centre (${o.center.map((v) => fmt(v, 3)).join(", ")}) ${unitOf(state.view)}`
      : o.id;
    tr.addEventListener("mouseenter", () => setHover(o.id));
    tr.addEventListener("mouseleave", () => setHover(null));
    tr.addEventListener("click", () => setHover(state.hover === o.id ? null : o.id));
    body.append(tr);
  }
}

/** @param {HTMLElement} el */
function addToThread(el) {
  $("thread").querySelector(".empty")?.remove();
  $("thread").append(el);
  el.scrollIntoView({ block: "end" });
}

/**
 * A layout (or scene JSON) instead of a photo: drawn from above; questions send its text.
 *
 * @param {string} text
 * @param {string} name
 */
async function setScene(text, name) {
  try {
    state.scene = await loadScene(text, name, $("viewpoint").value.trim());
  } catch (e) {
    note(`“${name}”: ${e instanceof Error ? e.message : String(e)}`, "warning");
    return;
  }
  Object.assign(state, { file: null, bitmap: null, imageId: null, imageSize: null, camera: null });
  Object.assign(state, { view: state.scene.view, history: [] });
  $("image-canvas").hidden = true;
  $("drop-hint").hidden = false;
  $("drop").classList.remove("has-image");
  $("viewpoint-label").hidden = false;
  const vp = state.scene.scene.viewpoint;
  note(
    `Scene: ${name} — ${
      vp
        ? `seen standing at ${vp}`
        : state.scene.scene.no_camera
        ? "no camera; ask “If I stand at the door facing the sofa, …”"
        : "seen from its camera"
    }${state.scene.view.units ? `; lengths in ${state.scene.view.units}` : ""}`,
    "divider",
  );
  for (const s of state.scene.scene.skipped_lines ?? []) {
    note(`${name}:${s.line} skipped: ${s.reason}`, "warning");
  }
  redraw();
  $("question").focus();
}

/** @param {File} file */
async function setImage(file) {
  if (isSceneFile(file)) return setScene(await file.text(), file.name);
  if (!TYPES.includes(file.type)) {
    note(`“${file.name}” is not a JPEG, PNG or WebP image.`, "warning");
    return;
  }
  try {
    state.bitmap = await createImageBitmap(file);
  } catch {
    note(`“${file.name}” could not be read as an image.`, "warning");
    return;
  }
  Object.assign(state, {
    file,
    scene: null,
    imageId: null,
    imageSize: null,
    view: null,
    camera: null,
    history: [],
  });
  $("image-canvas").hidden = false;
  $("drop-hint").hidden = true;
  $("drop").classList.add("has-image");
  note(
    `New image: ${file.name || "pasted image"} (${state.bitmap.width}×${state.bitmap.height})`,
    "divider",
  );
  redraw();
  $("question").focus();
}

/**
 * @param {string} text
 * @param {string} kind
 */
function note(text, kind) {
  const li = document.createElement("li");
  li.className = `note ${kind}`;
  li.textContent = text;
  addToThread(li);
}

/**
 * The request body: the file the first time, the image's sha256 afterwards.
 *
 * @param {string} question
 * @returns {RequestInit}
 */
function requestInit(question) {
  const options = $("options").value.trim();
  const fields = {
    question,
    planner: $("planner").value,
    ...(options ? { options } : {}),
    ...(state.history.length ? { history: state.history.slice(-10) } : {}),
  };
  if (state.scene) return sceneRequest(state.scene, fields);
  if (state.imageId) {
    return {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...fields, image_id: state.imageId }),
    };
  }
  const form = new FormData();
  form.append("image", /** @type {File} */ (state.file));
  for (const [k, v] of Object.entries(fields)) {
    form.append(k, typeof v === "string" ? v : JSON.stringify(v));
  }
  return { method: "POST", body: form };
}

/**
 * A new assistant card with empty sections: the answer on top, then the download, then the
 * steps.
 *
 * @returns {Card}
 */
function assistantCard() {
  const li = document.createElement("li");
  li.className = "msg assistant";
  const answer = document.createElement("div");
  answer.className = "answer pending";
  answer.textContent = "Looking at the image…";
  const badges = document.createElement("div");
  badges.className = "badges";
  const trace = document.createElement("div");
  trace.className = "trace";
  /** @type {Record<string, { details: HTMLDetailsElement, count: HTMLElement, list: HTMLElement }>} */
  const sections = {};
  for (const [type, title] of Object.entries(SECTIONS)) {
    const details = document.createElement("details");
    details.className = `section ${type}`;
    details.open = true;
    details.hidden = true;
    const summary = document.createElement("summary");
    const count = document.createElement("span");
    count.className = "count";
    summary.append(title, count);
    const list = document.createElement("div");
    list.className = "steps";
    details.append(summary, list);
    trace.append(details);
    sections[type] = { details, count, list };
  }
  const actions = document.createElement("div");
  actions.className = "actions";
  li.append(answer, badges, actions, trace);
  addToThread(li);
  return { li, answer, badges, sections, actions };
}

/** @type {Record<string, string>} */
const PHASE = {
  perception: "Perceiving…",
  computation: "Computing in 3D…",
  reasoning: "Reasoning…",
};

/** @param {string} question */
async function ask(question) {
  if (!state.file && !state.scene) {
    $("drop").classList.add("nudge");
    setTimeout(() => $("drop").classList.remove("nudge"), 700);
    return;
  }
  state.busy = true;
  $("send").disabled = true;
  for (const d of $("thread").querySelectorAll(".msg.assistant details.section")) d.open = false;
  const user = document.createElement("li");
  user.className = "msg user";
  user.textContent = question;
  addToThread(user);
  const card = assistantCard();
  let answered = false;
  try {
    let res;
    try {
      res = await api("/api/ask", requestInit(question));
    } catch (e) {
      if (!(e instanceof ApiError && e.field === "image_id")) throw e;
      state.imageId = null; // Evicted from the server's cache: send the image itself again.
      res = await api("/api/ask", requestInit(question));
    }
    await readEvents(/** @type {ReadableStream} */ (res.body), ({ event, data }) => {
      const e = JSON.parse(data);
      if (event === "answer") {
        answered = true;
        showAnswer(card, question, e);
      } else if (event === "error" && e.fatal) {
        showError(card, e);
      } else {
        const section = card.sections[e.type] ?? card.sections.reasoning;
        section.details.hidden = false;
        section.list.append(stepElement(e));
        section.count.textContent = String(section.list.children.length);
        if (PHASE[e.type]) card.answer.textContent = PHASE[e.type];
        if (e.view) {
          state.view = state.scene ? sceneView(state.scene, e.view) : e.view;
          redraw();
        }
        // While the steps stream in, the newest is in view.
        card.li.scrollIntoView({ block: "end" });
      }
    });
    if (!answered && !card.li.querySelector(".error")) {
      showError(card, { message: "the stream ended without an answer" });
    }
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) $("token-form").hidden = false;
    showError(
      card,
      e instanceof ApiError ? e : { message: String(/** @type {any} */ (e)?.message ?? e) },
    );
  } finally {
    state.busy = false;
    $("send").disabled = false;
  }
}

/**
 * The answer on top of its card, the steps collapsed under it, the view scrolled to it.
 *
 * @param {Card} card
 * @param {string} question
 * @param {AnswerEvent} e
 */
function showAnswer(card, question, e) {
  card.answer.classList.remove("pending");
  card.answer.classList.toggle("unanswerable", e.status !== "answered");
  card.answer.textContent = e.answer;
  state.imageId = e.image?.sha256 ?? state.imageId;
  state.imageSize = e.image?.width
    ? { width: e.image.width, height: e.image.height }
    : state.imageSize;
  state.view = state.scene ? sceneView(state.scene, e.view) : e.view;
  state.camera = e.camera ?? null;
  state.history.push({ role: "user", content: question }, { role: "assistant", content: e.answer });
  const badges = [
    `${e.planner === "llm" ? "LLM" : "rule"} planner`,
    ...(e.value !== null && e.value !== undefined
      ? [`value: ${typeof e.value === "number" ? fmt(e.value) : e.value}`]
      : []),
    ...(e.status !== "answered" ? ["unanswerable"] : []),
    ...(e.camera?.source ? [`intrinsics: ${e.camera.source.replace("_", " ")}`] : []),
  ];
  card.badges.replaceChildren(...badges.map((t) => {
    const b = document.createElement("span");
    b.className = "badge";
    b.textContent = t;
    return b;
  }));
  card.actions.replaceChildren(...downloadControls(e));
  for (const { details } of Object.values(card.sections)) details.open = false;
  redraw();
  card.li.scrollIntoView({ block: "start" });
}

/**
 * @param {Card} card
 * @param {{ message: string, hint?: string }} e
 */
function showError(card, e) {
  card.answer.classList.remove("pending");
  card.answer.classList.add("error");
  card.answer.textContent = e.message;
  if (e.hint) {
    const hint = document.createElement("div");
    hint.className = "hint";
    hint.textContent = e.hint;
    card.answer.after(hint);
  }
}

/**
 * What can be downloaded for an answer: a format picker and a button named by the chosen format,
 * when the trace can be exported; the reason when it cannot (its image is no longer kept);
 * nothing for an answer that is not one (unanswerable questions make no training records).
 *
 * @param {AnswerEvent} e
 * @returns {HTMLElement[]}
 */
function downloadControls(e) {
  if (e.status !== "answered" || !state.formats.length) return [];
  if (e.export && !e.export.ok) {
    const why = document.createElement("span");
    why.className = "muted small";
    why.textContent = `No training-data download: ${e.export.reason}`;
    return [why];
  }
  const select = document.createElement("select");
  select.setAttribute("aria-label", "export format");
  for (const f of state.formats) select.append(new Option(f, f));
  const button = document.createElement("button");
  button.type = "button";
  const label = () => button.textContent = `Download ${select.value}`;
  label();
  select.addEventListener("change", label);
  button.addEventListener("click", async () => {
    try {
      const res = await api(
        `/api/traces/${e.trace_id}/export?format=${encodeURIComponent(select.value)}`,
      );
      const name = res.headers.get("content-disposition")?.match(/filename="([^"]+)"/)?.[1] ??
        `trace-${e.trace_id}`;
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      label();
    } catch (err) {
      button.textContent = `Download failed: ${/** @type {Error} */ (err).message}`;
    }
  });
  return [select, button];
}

async function loadModels() {
  const box = $("models");
  try {
    const m = await (await api("/api/models")).json();
    state.formats = m.export_formats ?? [];
    const gpu = m.device?.providers?.find((/** @type {string} */ p) => p !== "cpu");
    const chips = [
      ...(m.device
        ? [[
          gpu ? `GPU ${gpu}` : "CPU",
          !m.device.error,
          m.device.error ?? `--device ${m.device.setting}: ${m.device.providers.join(", ")}`,
        ]]
        : []),
      ...m.perception.filter((/** @type {{ present: boolean }} */ p) => p.present).map(
        (/** @type {{ id: string, task: string }} */ p) => [p.id, true, p.task],
      ),
      [
        `LLM ${m.llm.model}`,
        m.llm.available,
        m.llm.available ? m.llm.host : m.llm.error ?? "unavailable",
      ],
    ];
    box.replaceChildren(...chips.map(([text, ok, title]) => {
      const c = document.createElement("span");
      c.className = `chip ${ok ? "ok" : "off"}`;
      c.textContent = text;
      c.title = title;
      return c;
    }));
    $("token-form").hidden = true;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) $("token-form").hidden = false;
    box.textContent = /** @type {Error} */ (e).message;
  }
}

function wire() {
  const drop = $("drop");
  const file = $("file");
  $("drop-hint").addEventListener("click", () => file.click());
  drop.addEventListener("keydown", (/** @type {KeyboardEvent} */ e) => {
    if ((e.key === "Enter" || e.key === " ") && !state.file) file.click();
  });
  $("attach").addEventListener("click", () => file.click());
  file.addEventListener("change", () => file.files?.[0] && setImage(file.files[0]));
  hoverable($("image-canvas"), "image");
  hoverable($("bev-canvas"), "bev");
  document.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  document.addEventListener("dragleave", () => drop.classList.remove("over"));
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const f = [...(e.dataTransfer?.files ?? [])].find((f) =>
      f.type.startsWith("image/") || isSceneFile(f)
    );
    if (f) setImage(f);
  });
  document.addEventListener("paste", (e) => {
    const f = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith("image/"));
    if (f) setImage(f);
  });
  const q = $("question");
  q.addEventListener("input", () => {
    q.style.height = "auto";
    q.style.height = `${Math.min(q.scrollHeight, 140)}px`;
  });
  q.addEventListener("keydown", (/** @type {KeyboardEvent} */ e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      $("ask-form").requestSubmit();
    }
  });
  $("ask-form").addEventListener("submit", (/** @type {SubmitEvent} */ e) => {
    e.preventDefault();
    const text = q.value.trim();
    if (!text || state.busy) return;
    q.value = "";
    q.style.height = "auto";
    ask(text);
  });
  $("viewpoint").addEventListener("change", () => {
    if (state.scene) setScene(state.scene.text, state.scene.name);
  });
  $("token-form").addEventListener("submit", (/** @type {SubmitEvent} */ e) => {
    e.preventDefault();
    setToken($("token").value.trim());
    loadModels();
  });
  let frame = 0;
  addEventListener("resize", () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(redraw);
  });
}

adoptTokenFromHash();
wire();
redraw();
loadModels();
