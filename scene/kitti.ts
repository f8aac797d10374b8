/**
 * KITTI object labels + calibration → our scene format. Label coordinates are in the rectified
 * reference camera; the image belongs to camera 2, whose projection P2 = K [I | t] also carries
 * an offset t, so each centre is shifted by t to be relative to the camera that took the image.
 *
 * @module
 */
import { readInputText } from "../core/input_file.ts";
import { InputError } from "../core/errors.ts";
import { fromKittiBox } from "../core/frame.ts";
import type { Vec3 } from "../core/vec.ts";
import { assignIds, type NormalizedScene, type SceneObject } from "./schema.ts";

/** The 3×4 projection matrix P2, row-major. */
export type Projection = [number[], number[], number[]];

/** Reads `P2:` from a KITTI calib.txt. */
export function parseCalibP2(text: string, source = "calib.txt"): Projection {
  const line = text.split("\n").find((l) => l.startsWith("P2:"));
  if (!line) throw new InputError(source, "no P2 line", "KITTI object calib files have P0..P3");
  const v = line.slice(3).trim().split(/\s+/).map(Number);
  if (v.length !== 12 || !v.every(Number.isFinite)) {
    throw new InputError(`${source}:P2`, `expected 12 numbers, got ${v.length}`);
  }
  return [v.slice(0, 4), v.slice(4, 8), v.slice(8, 12)];
}

/** One parsed KITTI label line. */
export interface KittiLabel {
  type: string;
  truncated: number;
  occluded: number;
  alpha: number;
  box: [number, number, number, number];
  h: number;
  w: number;
  l: number;
  location: Vec3;
  ry: number;
}

/** Parses label.txt; `DontCare` lines are dropped. */
export function parseKittiLabels(text: string, source = "label.txt"): KittiLabel[] {
  const out: KittiLabel[] = [];
  text.split("\n").forEach((line, i) => {
    const f = line.trim().split(/\s+/);
    if (f.length === 1 && f[0] === "") return;
    if (f.length < 15) {
      throw new InputError(`${source}:${i + 1}`, `expected 15 fields, got ${f.length}`);
    }
    const n = f.slice(1, 15).map(Number);
    if (!n.every(Number.isFinite)) throw new InputError(`${source}:${i + 1}`, "non-numeric field");
    if (f[0] === "DontCare") return;
    out.push({
      type: f[0],
      truncated: n[0],
      occluded: n[1],
      alpha: n[2],
      box: [n[3], n[4], n[5], n[6]],
      h: n[7],
      w: n[8],
      l: n[9],
      location: [n[10], n[11], n[12]],
      ry: n[13],
    });
  });
  return out;
}

/** KITTI class → the COCO-style label the rest of the project uses. */
const KITTI_LABELS: Record<string, string> = {
  Car: "car",
  Van: "car",
  Truck: "truck",
  Pedestrian: "person",
  Person_sitting: "person",
  Cyclist: "cyclist",
  Tram: "train",
  Misc: "misc",
};

/** Offset t of P2 = K [I | t]: where camera 2 sits relative to the reference camera. */
export function p2Offset(p2: Projection): Vec3 {
  const [fx, cx, tx] = [p2[0][0], p2[0][2], p2[0][3]];
  const [fy, cy, ty] = [p2[1][1], p2[1][2], p2[1][3]];
  const tz = p2[2][3];
  return [(tx - cx * tz) / fx, (ty - cy * tz) / fy, tz];
}

/** Labels + P2 → a scene in our frame, relative to camera 2. */
export function kittiToScene(
  labels: KittiLabel[],
  p2: Projection,
  image?: { path?: string; width?: number; height?: number },
): NormalizedScene {
  const t = p2Offset(p2);
  const objects: SceneObject[] = labels.map((l) => {
    const b = fromKittiBox({
      h: l.h,
      w: l.w,
      l: l.l,
      location: [l.location[0] + t[0], l.location[1] + t[1], l.location[2] + t[2]],
      ry: l.ry,
    });
    return {
      label: KITTI_LABELS[l.type] ?? l.type.toLowerCase(),
      center: b.center,
      size: b.size,
      front: b.front,
      orientation_confidence: 1,
      box: l.box,
      kitti: { type: l.type, truncated: l.truncated, occluded: l.occluded },
    };
  });
  return assignIds({
    image: image?.path,
    width: image?.width,
    height: image?.height,
    camera: { fx: p2[0][0], fy: p2[1][1], cx: p2[0][2], cy: p2[1][2] },
    intrinsics_source: "scene",
    objects,
  });
}

/** Reads a KITTI frame folder holding label.txt, calib.txt and optionally image.png. */
export async function readKittiDir(dir: string): Promise<NormalizedScene> {
  const read = async (name: string) => {
    try {
      return await readInputText(`${dir}/${name}`, { what: "KITTI file" });
    } catch (e) {
      throw new InputError(
        `${dir}/${name}`,
        (e as InputError).reason ?? "cannot read",
        "a KITTI folder needs label.txt and calib.txt",
      );
    }
  };
  const labels = parseKittiLabels(await read("label.txt"), `${dir}/label.txt`);
  const p2 = parseCalibP2(await read("calib.txt"), `${dir}/calib.txt`);
  const image = `${dir}/image.png`;
  const hasImage = await Deno.stat(image).then(() => true, () => false);
  return kittiToScene(labels, p2, hasImage ? { path: image } : undefined);
}
