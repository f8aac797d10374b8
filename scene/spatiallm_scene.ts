/**
 * SpatialLM layouts ↔ our scenes.
 *
 * Frames. SpatialLM's world is metric, z up, right-handed (ScanNet-style alignment, no camera).
 * Our frame is +x right, +y forward, +z up from an observer at the origin. The one conversion,
 * {@link fromSpatialLm} (inverse {@link toSpatialLm}), places that observer with a
 * {@link LayoutPose}: ours = Rz(−heading)·(p − origin). With no viewpoint the pose is the layout's
 * own origin facing its +y, so coordinates are unchanged, and the scene is marked `no_camera`:
 * it has no camera, only a frame. A viewpoint ("door_0->sofa_0": standing at door_0 facing
 * sofa_0; "doorway": the first door facing the centre of the walls) becomes the observer — the
 * camera of the scene — so "on my left", "closer to me" are answered from there.
 *
 * Boxes. A Bbox's own axes are ours rotated by `angle_z` about +z: scale_x runs along its right,
 * scale_y along its front, scale_z up, so size = [scale_x, scale_y, scale_z] and
 * front = (−sin angle_z, cos angle_z, 0) (angle_z = 0 faces +y, π/2 faces −x). SpatialLM trains
 * with yaw folded modulo π (`Bbox.rotate` in its `entity.py`), so the sign of that front is a
 * convention, not a measurement: fronts read from boxes carry {@link BOX_FRONT_CONFIDENCE}, below
 * the 0.5 needed to be used as a viewpoint.
 *
 * Walls, doors, windows become objects labelled `wall`, `door`, `window` with their SpatialLM ids.
 * Their front is the wall's normal; which side is ambiguous in the format, so it is chosen to point
 * into the room — toward the centroid of the walls' midpoints — at
 * {@link OPENING_FRONT_CONFIDENCE}; when that centroid lies on the wall's line it stays a guess at
 * {@link BOX_FRONT_CONFIDENCE}.
 *
 * @module
 */
import { InputError } from "../core/errors.ts";
import { add, dot, EPSILON, scale, sub, type Vec3 } from "../core/vec.ts";
import type { Layout, LayoutOpening, LayoutWall } from "./spatiallm.ts";
import { type NormalizedScene, parseScene, type Scene, type SceneObject } from "./schema.ts";

/** Where our observer stands in the layout: position, and heading (radians, as angle_z). */
export interface LayoutPose {
  /** Observer position in the layout's frame, metres. */
  origin: Vec3;
  /** Facing (−sin heading, cos heading, 0) in the layout's frame. */
  heading: number;
}

/** The layout's own origin, facing its +y: our coordinates equal SpatialLM's. */
export const LAYOUT_ORIGIN: LayoutPose = { origin: [0, 0, 0], heading: 0 };

/** Orientation confidence of a front read from a box's angle_z (its sign is a convention). */
export const BOX_FRONT_CONFIDENCE = 0.3;

/** Orientation confidence of a wall/door/window front pointing into the room. */
export const OPENING_FRONT_CONFIDENCE = 0.5;

/** How far (m) the room's centroid must lie off a wall's line to tell its inside. */
const INSIDE_MARGIN = 0.1;

/**
 * SpatialLM's frame → ours, for an observer at `pose`: a point is shifted then rotated, a
 * direction only rotated. The one conversion at this edge; {@link toSpatialLm} inverts it.
 */
export function fromSpatialLm(
  v: Vec3,
  pose: LayoutPose = LAYOUT_ORIGIN,
  kind: "point" | "direction" = "point",
): Vec3 {
  const [x, y, z] = kind === "point" ? sub(v, pose.origin) : v;
  const c = Math.cos(pose.heading);
  const s = Math.sin(pose.heading);
  return [c * x + s * y, -s * x + c * y, z];
}

/** Ours → SpatialLM's frame: the inverse of {@link fromSpatialLm}. */
export function toSpatialLm(
  v: Vec3,
  pose: LayoutPose = LAYOUT_ORIGIN,
  kind: "point" | "direction" = "point",
): Vec3 {
  const c = Math.cos(pose.heading);
  const s = Math.sin(pose.heading);
  const r: Vec3 = [c * v[0] - s * v[1], s * v[0] + c * v[1], v[2]];
  return kind === "point" ? add(r, pose.origin) : r;
}

/** The front of a box rotated by `angleZ` (the rotated +y axis), in the same frame. */
export function frontFromYaw(angleZ: number): Vec3 {
  return [-Math.sin(angleZ), Math.cos(angleZ), 0];
}

/** The yaw whose front is the horizontal part of `front` (0 when it has none). */
export function yawFromFront(front: Vec3): number {
  return Math.atan2(-front[0], front[1]);
}

/** The interior-facing unit normal of a wall, and whether the inside could be told. */
function wallNormal(wall: LayoutWall, centroid: Vec3): { normal: Vec3; known: boolean } {
  const d = sub(wall.b, wall.a);
  const len = Math.hypot(d[0], d[1]);
  if (len < EPSILON) return { normal: [0, 1, 0], known: false };
  const left: Vec3 = [-d[1] / len, d[0] / len, 0];
  const side = dot(sub(centroid, wall.a), left);
  return {
    normal: side < 0 ? scale(left, -1) : left,
    known: Math.abs(side) >= INSIDE_MARGIN,
  };
}

/** The viewpoint "standing in the first door, facing the centre of the walls". */
export const DOORWAY = "doorway";

/**
 * A viewpoint: "A->B" with A, B object ids or "x,y,z" points in the layout's frame, or
 * {@link DOORWAY}: the first door facing `roomCentre`.
 */
export function parseViewpoint(
  spec: string,
  objects: readonly SceneObject[],
  roomCentre: Vec3,
  field = "--viewpoint",
): LayoutPose {
  if (spec.trim() === DOORWAY) {
    const door = objects.find((o) => o.label === "door");
    if (!door) {
      throw new InputError(field, `"${DOORWAY}": the layout has no door`, 'give "A->B" instead');
    }
    const d = sub(roomCentre, door.center);
    if (Math.hypot(d[0], d[1]) < 1e-6) {
      throw new InputError(field, `"${DOORWAY}": ${door.id} is at the room's centre`);
    }
    return { origin: door.center, heading: yawFromFront(d) };
  }
  const parts = spec.split("->").map((p) => p.trim());
  const hint = 'standing at A facing B: "door_0->sofa_0", "1.2,0.4,1.6->sofa_0" (metres) ' +
    `or "${DOORWAY}"`;
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new InputError(field, `"${spec}" is not A->B`, hint);
  }
  const point = (p: string): Vec3 => {
    const xyz = p.split(",").map((v) => v.trim());
    if (xyz.length === 3) {
      const v = xyz.map(Number);
      if (xyz.every((t) => t !== "") && v.every(Number.isFinite)) return v as Vec3;
      throw new InputError(field, `"${p}" is not a point x,y,z`, hint);
    }
    const o = objects.find((o) => o.id === p);
    if (o) return o.center;
    throw new InputError(
      field,
      `no object "${p}" in the layout`,
      `ids: ${objects.map((o) => o.id).join(", ") || "none"}`,
    );
  };
  const origin = point(parts[0]);
  const d = sub(point(parts[1]), origin);
  if (Math.hypot(d[0], d[1]) < 1e-6) {
    throw new InputError(field, `"${spec}": A and B are at the same place seen from above`, hint);
  }
  return { origin, heading: yawFromFront(d) };
}

/** Options for {@link layoutToScene}. */
export interface LayoutSceneOptions {
  /** A viewpoint "A->B" or "doorway" ({@link parseViewpoint}); without one there is no camera. */
  viewpoint?: string;
  /** Name of the file, for messages and the scene's `frame` description. */
  source?: string;
}

/** Object ids unique within the scene: a box of class `sofa` becomes `sofa_0`, `sofa_1`, … */
function boxIds(classes: string[], taken: Set<string>): string[] {
  const next = new Map<string, number>();
  return classes.map((c) => {
    let n = next.get(c) ?? 0;
    while (taken.has(`${c}_${n}`)) n++;
    next.set(c, n + 1);
    taken.add(`${c}_${n}`);
    return `${c}_${n}`;
  });
}

/**
 * A layout as our scene: walls, doors, windows and boxes as objects (see the module doc for
 * fronts and confidences), in our frame for the viewpoint, or the layout's own frame and
 * `no_camera: true` without one. Lines of unknown kinds are listed in `skipped_lines`.
 */
export function layoutToScene(layout: Layout, opts: LayoutSceneOptions = {}): NormalizedScene {
  const source = opts.source ?? "layout";
  const mids = layout.walls.map((w) => scale(add(w.a, w.b), 0.5));
  const centroid: Vec3 = mids.length
    ? scale(mids.reduce((s, m) => add(s, m), [0, 0, 0] as Vec3), 1 / mids.length)
    : [0, 0, 0];
  const walls = new Map(layout.walls.map((w) => [w.id, w]));
  const objects: SceneObject[] = [];
  const oriented = (front: Vec3, known: boolean) => ({
    front,
    orientation_confidence: known ? OPENING_FRONT_CONFIDENCE : BOX_FRONT_CONFIDENCE,
  });
  for (const w of layout.walls) {
    const { normal, known } = wallNormal(w, centroid);
    const d = sub(w.b, w.a);
    objects.push({
      id: w.id,
      label: "wall",
      center: add(scale(add(w.a, w.b), 0.5), [0, 0, w.height / 2]),
      size: [Math.hypot(d[0], d[1]), w.thickness, w.height],
      ...oriented(normal, known),
    });
  }
  const opening = (o: LayoutOpening) => {
    const { normal, known } = wallNormal(walls.get(o.wallId)!, centroid);
    objects.push({
      id: o.id,
      label: o.kind,
      center: o.position,
      size: [o.width, walls.get(o.wallId)!.thickness, o.height],
      ...oriented(normal, known),
      wall_id: o.wallId,
    });
  };
  layout.doors.forEach(opening);
  layout.windows.forEach(opening);
  const ids = boxIds(layout.boxes.map((b) => b.className), new Set(objects.map((o) => o.id!)));
  layout.boxes.forEach((b, i) => {
    objects.push({
      id: ids[i],
      label: b.className.replace(/_/g, " "),
      center: b.position,
      ...(b.scale.some((s) => s > 0) ? { size: b.scale } : {}),
      front: frontFromYaw(b.angleZ),
      orientation_confidence: BOX_FRONT_CONFIDENCE,
    });
  });
  const pose = opts.viewpoint ? parseViewpoint(opts.viewpoint, objects, centroid) : LAYOUT_ORIGIN;
  const scene: Scene = {
    frame: opts.viewpoint
      ? `SpatialLM layout ${source} seen standing at ${opts.viewpoint}`
      : `SpatialLM layout ${source} in its own frame (z up); no camera`,
    ...(opts.viewpoint ? { viewpoint: opts.viewpoint } : { no_camera: true }),
    ...(layout.skipped.length ? { skipped_lines: layout.skipped } : {}),
    objects: objects.map((o) => ({
      ...o,
      center: fromSpatialLm(o.center, pose),
      ...(o.front ? { front: fromSpatialLm(o.front, pose, "direction") } : {}),
    })),
  };
  return parseScene(scene, source);
}

/** An id of the form `kind_N` kept, or the next free one. */
function layoutIds(objects: readonly SceneObject[], kind: string): Map<SceneObject, string> {
  const re = new RegExp(`^${kind}_\\d+$`);
  const taken = new Set(objects.map((o) => o.id).filter((id) => id && re.test(id)));
  const out = new Map<SceneObject, string>();
  let n = 0;
  for (const o of objects) {
    if (o.id && re.test(o.id)) out.set(o, o.id);
    else {
      while (taken.has(`${kind}_${n}`)) n++;
      taken.add(`${kind}_${n}`);
      out.set(o, `${kind}_${n}`);
    }
  }
  return out;
}

/**
 * Our scene as a SpatialLM layout, in the frame of `pose` (default: our origin becomes the
 * layout's). Objects labelled `wall` with a size become walls; `door`/`window` objects whose
 * `wall_id` names one of those walls become doors/windows; every other object is a box of class
 * label (spaces → `_`), yaw from its front (0 without one), scales from its size (0 when unknown).
 */
export function sceneToLayout(scene: Scene, pose: LayoutPose = LAYOUT_ORIGIN): Layout {
  const P = (v: Vec3) => toSpatialLm(v, pose);
  const D = (v: Vec3) => toSpatialLm(v, pose, "direction");
  const wallObjects = scene.objects.filter((o) => o.label === "wall" && o.size);
  const wallIds = layoutIds(wallObjects, "wall");
  const byOldId = new Map(wallObjects.filter((o) => o.id).map((o) => [o.id!, wallIds.get(o)!]));
  const walls: LayoutWall[] = wallObjects.map((o) => {
    const [length, thickness, height] = o.size!;
    const f = o.front ? D(o.front) : [0, 1, 0] as Vec3;
    const flat = Math.hypot(f[0], f[1]);
    const along: Vec3 = flat > EPSILON ? [f[1] / flat, -f[0] / flat, 0] : [1, 0, 0];
    const base = sub(P(o.center), [0, 0, height / 2]);
    return {
      id: wallIds.get(o)!,
      a: sub(base, scale(along, length / 2)),
      b: add(base, scale(along, length / 2)),
      height,
      thickness,
    };
  });
  const isOpening = (o: SceneObject) =>
    (o.label === "door" || o.label === "window") && typeof o.wall_id === "string" &&
    byOldId.has(o.wall_id);
  const openings = scene.objects.filter(isOpening);
  const openingOf = (kind: "door" | "window"): LayoutOpening[] => {
    const list = openings.filter((o) => o.label === kind);
    const ids = layoutIds(list, kind);
    return list.map((o) => ({
      id: ids.get(o)!,
      kind,
      wallId: byOldId.get(o.wall_id as string)!,
      position: P(o.center),
      width: o.size?.[0] ?? 0,
      height: o.size?.[2] ?? 0,
    }));
  };
  const rest = scene.objects.filter((o) => !wallObjects.includes(o) && !isOpening(o));
  return {
    walls,
    doors: openingOf("door"),
    windows: openingOf("window"),
    boxes: rest.map((o, i) => ({
      id: `bbox_${i}`,
      className: o.label.trim().replace(/\s+/g, "_"),
      position: P(o.center),
      angleZ: o.front ? yawFromFront(D(o.front)) : 0,
      scale: o.size ?? [0, 0, 0],
    })),
    skipped: [],
  };
}
