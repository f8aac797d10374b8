/**
 * The generator's inputs: a directory of images (perceived through the tools, once each) or of
 * scenes — our scene JSON, Super-CLEVR scene files, SpatialLM layouts (`.txt`, seen from their
 * doorway), KITTI label folders — each turned into a
 * {@link SceneInput}. Inputs are listed recursively in sorted order, keyed by their path relative
 * to the directory, so a run's order and ids do not depend on the file system.
 *
 * @module
 */
import { dirname, join, relative, resolve } from "node:path";
import { InputError } from "../core/errors.ts";
import { readInputText } from "../core/input_file.ts";
import { intrinsicsFor } from "../core/intrinsics.ts";
import { perceive } from "../agent/perceive.ts";
import { newTrace } from "../agent/trace.ts";
import { loadImage } from "../models/image.ts";
import { readKittiDir } from "../scene/kitti.ts";
import { loadSceneFile } from "../scene/load.ts";
import type { NormalizedScene } from "../scene/schema.ts";
import { isLayoutText } from "../scene/spatiallm.ts";
import { DOORWAY } from "../scene/spatiallm_scene.ts";
import type { Registry } from "../tools/registry.ts";
import { createWorkspace, type Workspace } from "../tools/workspace.ts";
import type { SceneInput } from "./generate.ts";

/** One unit of work: an image or a scene. */
export interface InputUnit {
  /** Path relative to the input directory (the resume key and id prefix). */
  key: string;
  /** Path as given (input directory joined with the key). */
  path: string;
  kind: "image" | "scene-json" | "layout" | "kitti-dir";
}

/** Image file extensions the loader reads. */
export const IMAGE_EXTENSIONS = [
  ".jpg",
  ".jpeg",
  ".png",
  ".webp",
  ".gif",
  ".tif",
  ".tiff",
  ".avif",
];

async function entries(dir: string): Promise<Deno.DirEntry[]> {
  try {
    const out: Deno.DirEntry[] = [];
    for await (const e of Deno.readDir(dir)) out.push(e);
    return out.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new InputError(dir, "directory not found");
    throw new InputError(dir, `cannot list: ${(e as Error).message}`);
  }
}

/** Images under `dir`, recursively, sorted. */
export async function listImages(dir: string): Promise<InputUnit[]> {
  const out: InputUnit[] = [];
  const walk = async (sub: string) => {
    for (const e of await entries(join(dir, sub))) {
      const key = sub ? `${sub}/${e.name}` : e.name;
      if (e.isDirectory) await walk(key);
      else if (IMAGE_EXTENSIONS.some((x) => e.name.toLowerCase().endsWith(x))) {
        out.push({ key, path: join(dir, key), kind: "image" });
      }
    }
  };
  await walk("");
  return out;
}

/**
 * Scene JSON files, SpatialLM layouts (`.txt` files whose content is a layout) and KITTI folders
 * (holding `label.txt`) under `dir`, recursively, sorted.
 */
export async function listScenes(dir: string): Promise<InputUnit[]> {
  const out: InputUnit[] = [];
  const walk = async (sub: string) => {
    const list = await entries(join(dir, sub));
    if (list.some((e) => e.isFile && e.name === "label.txt")) {
      out.push({ key: sub || ".", path: join(dir, sub), kind: "kitti-dir" });
      return;
    }
    for (const e of list) {
      const key = sub ? `${sub}/${e.name}` : e.name;
      if (e.isDirectory) await walk(key);
      else if (e.name.endsWith(".json") && !e.name.endsWith(".progress.json")) {
        out.push({ key, path: join(dir, key), kind: "scene-json" });
      } else if (e.name.endsWith(".txt") && isLayoutText(await readText(join(dir, key)))) {
        out.push({ key, path: join(dir, key), kind: "layout" });
      }
    }
  };
  await walk("");
  return out;
}

async function readText(path: string): Promise<string> {
  // A regular file under the size cap: a FIFO named *.txt must not hang the listing.
  return await readInputText(path, { what: "scene" });
}

/** The tools' workspace for a scene file (no perception: every object is known). */
export function sceneWorkspace(scene: NormalizedScene): Workspace {
  return createWorkspace({
    camera: intrinsicsFor({ width: scene.width, height: scene.height, scene: scene.camera }),
    scene,
  });
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

/**
 * Where a scene's image is: its `image` path against the scene file's folder, or, for
 * Super-CLEVR/CLEVR layouts, in the `images` folder beside the `scenes` folder.
 */
async function sceneImage(scene: NormalizedScene, unit: InputUnit): Promise<string | undefined> {
  if (!scene.image) return undefined;
  const base = unit.kind === "kitti-dir" ? "." : dirname(unit.path);
  const candidates = [resolve(base, scene.image), resolve(dirname(base), "images", scene.image)];
  for (const c of candidates) if (await exists(c)) return c;
  return undefined;
}

/** Turns one unit into a scene to generate from, perceiving images through `registry`. */
export async function prepareUnit(
  unit: InputUnit,
  registry: Registry,
  imageRoot: string,
): Promise<SceneInput> {
  if (unit.kind === "image") {
    const image = await loadImage(unit.path);
    const camera = intrinsicsFor({
      width: image.width,
      height: image.height,
      focal35mm: image.focal35mm,
    });
    const workspace = createWorkspace({ camera, image });
    const trace = newTrace({
      question: "(perception)",
      image: { path: unit.path, sha256: image.sha256, width: image.width, height: image.height },
      intrinsics: camera,
      planner: "rules",
    });
    const scene = await perceive(registry, { workspace }, trace);
    return {
      key: unit.key,
      workspace,
      scene,
      perceptionEvents: trace.events,
      image: { path: unit.path, sha256: image.sha256, width: image.width, height: image.height },
      imagePath: relative(resolve(imageRoot), resolve(unit.path)),
    };
  }
  const scene = unit.kind === "kitti-dir"
    ? await readKittiDir(unit.path)
    : await loadSceneFile(unit.path, { defaultViewpoint: DOORWAY });
  const img = await sceneImage(scene, unit);
  return {
    key: unit.key,
    workspace: sceneWorkspace(scene),
    scene,
    perceptionEvents: [],
    ...(scene.width && scene.height
      ? {
        image: { ...(img ? { path: img } : {}), width: scene.width, height: scene.height },
      }
      : {}),
    ...(img ? { imagePath: relative(resolve(imageRoot), img) } : {}),
    scenePath: unit.path,
  };
}
