/**
 * Super-CLEVR scene files → our scene format. The file gives world coordinates, the world
 * directions of the camera's right / behind / above, and each object's pixel and depth, but no
 * camera pose. Our frame's axes are exactly those directions; the camera's position follows from
 * the pixels, given Blender's default 35 mm lens on a 32 mm sensor (fx = 35/32 × width), by
 * fitting the one unknown tilt. Lengths stay in Blender units, and the scene says so (`units`):
 * they have no fixed size in metres, so nothing downstream calls them metres.
 *
 * @module
 */
import { z } from "zod";
import { inputErrorFromZod } from "../core/errors.ts";
import { fromOpenCv, gravityAlign } from "../core/frame.ts";
import { dot, sub, type Vec3 } from "../core/vec.ts";
import { assignIds, type NormalizedScene, Vec3Schema } from "./schema.ts";

const SuperClevrFile = z.object({
  image_filename: z.string().optional(),
  directions: z.object({ right: Vec3Schema, behind: Vec3Schema, above: Vec3Schema }),
  objects: z.array(z.looseObject({
    shape: z.string(),
    "3d_coords": Vec3Schema,
    pixel_coords: z.tuple([Vec3Schema, z.tuple([z.number().positive(), z.number().positive()])]),
    color: z.string().optional(),
    material: z.string().optional(),
    size: z.string().optional(),
  })).min(1),
});

/**
 * Object names as Super-CLEVR's questions write them: the file's `shape` is the subtype alone
 * ("road", "school"), the questions say "road bike", "school bus".
 */
export const SUPERCLEVR_NAMES: Record<string, string> = {
  road: "road bike",
  utility: "utility bike",
  tandem: "tandem bike",
  mountain: "mountain bike",
  articulated: "articulated bus",
  double: "double bus",
  regular: "regular bus",
  school: "school bus",
};

/** Focal length of Blender's default camera (35 mm lens, 32 mm sensor width) in pixels. */
export function blenderFocal(width: number): number {
  return 35 / 32 * width;
}

/**
 * Parses a Super-CLEVR scene. Objects keep the file's order (ids `shape_N`), so indices in the
 * file's `relationships` refer to `objects[i]`.
 */
export function superClevrToScene(json: unknown, source = "scene"): NormalizedScene {
  const parsed = SuperClevrFile.safeParse(json);
  if (!parsed.success) throw inputErrorFromZod(parsed.error, source);
  const file = parsed.data;
  const [width, height] = file.objects[0].pixel_coords[1];
  const f = blenderFocal(width);
  const axes = file.directions;
  const world = file.objects.map((o): Vec3 => {
    const p = o["3d_coords"];
    return [dot(p, axes.right), dot(p, axes.behind), dot(p, axes.above)];
  });
  const body = file.objects.map((o): Vec3 => {
    const [u, v, depth] = o.pixel_coords[0];
    return fromOpenCv([(u - width / 2) * depth / f, (v - height / 2) * depth / f, depth]);
  });
  // world_i − Rx(pitch)·body_i is the camera position for every i; pick the pitch that agrees.
  const offsetsAt = (pitchDeg: number) =>
    world.map((w, i) => sub(w, gravityAlign(body[i], { pitchDeg, rollDeg: 0 })));
  const spread = (pitchDeg: number) => {
    const o = offsetsAt(pitchDeg);
    const m = mean(o);
    return o.reduce((s, v) => s + dot(sub(v, m), sub(v, m)), 0);
  };
  let lo = -90, hi = 0;
  for (let k = 0; k < 80; k++) {
    const a = lo + (hi - lo) / 3, b = hi - (hi - lo) / 3;
    if (spread(a) < spread(b)) hi = b;
    else lo = a;
  }
  const camera = mean(offsetsAt((lo + hi) / 2));
  return assignIds({
    image: file.image_filename,
    width,
    height,
    camera: { fx: f, fy: f, cx: width / 2, cy: height / 2 },
    intrinsics_source: "scene",
    units: "Blender units",
    objects: file.objects.map((o, i) => ({
      label: SUPERCLEVR_NAMES[o.shape] ?? o.shape,
      center: sub(world[i], camera),
      color: o.color,
      material: o.material,
      size_class: o.size,
    })),
  }, source);
}

function mean(vs: Vec3[]): Vec3 {
  const s = vs.reduce((acc, v) => [acc[0] + v[0], acc[1] + v[1], acc[2] + v[2]] as Vec3, [0, 0, 0]);
  return [s[0] / vs.length, s[1] / vs.length, s[2] / vs.length];
}
