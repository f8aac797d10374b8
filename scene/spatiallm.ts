/**
 * SpatialLM's layout text ("scene script"): one entity per line, as written by SpatialLM's
 * `inference.py` and read by its `Layout.from_str` (`spatiallm/layout/layout.py` and
 * `spatiallm/layout/entity.py` in github.com/manycore-research/SpatialLM):
 *
 * ```text
 * wall_0=Wall(ax,ay,az,bx,by,bz,height,thickness)
 * door_0=Door(wall_0,position_x,position_y,position_z,width,height)
 * window_0=Window(wall_0,position_x,position_y,position_z,width,height)
 * bbox_0=Bbox(class_name,position_x,position_y,position_z,angle_z,scale_x,scale_y,scale_z)
 * ```
 *
 * Metres in SpatialLM's world frame (z up). A wall runs from its bottom corner a to its bottom
 * corner b and rises `height`; a door or window is centred on its position, in the plane of its
 * wall; a box is centred on its position, rotated by `angle_z` radians about +z. This module only
 * reads and writes the text; `spatiallm_scene.ts` maps it to and from our scene.
 *
 * Unlike SpatialLM's reader, which skips any line it cannot parse, this one rejects a malformed
 * line with its line number and field, and reports (rather than drops) unknown entity kinds.
 *
 * @module
 */
import { InputError } from "../core/errors.ts";
import type { Vec3 } from "../core/vec.ts";

/** A wall: the bottom edge from `a` to `b`, its height and thickness (metres). */
export interface LayoutWall {
  /** e.g. `wall_0`. */
  id: string;
  a: Vec3;
  b: Vec3;
  height: number;
  thickness: number;
}

/** A door or window, centred at `position` in the plane of wall `wallId`. */
export interface LayoutOpening {
  /** e.g. `door_0`, `window_2`. */
  id: string;
  kind: "door" | "window";
  /** The wall it sits in, e.g. `wall_0`. */
  wallId: string;
  position: Vec3;
  width: number;
  height: number;
}

/** An oriented object box. */
export interface LayoutBox {
  /** e.g. `bbox_3`. */
  id: string;
  /** SpatialLM's category, e.g. `sofa`, `coffee_table`. */
  className: string;
  /** Centre of the box. */
  position: Vec3;
  /** Rotation about +z, radians, counter-clockwise seen from above. */
  angleZ: number;
  /** Extent along the box's own x, y, z axes (SpatialLM takes the absolute value). */
  scale: Vec3;
}

/** A line the reader skipped, and why. */
export interface SkippedLine {
  line: number;
  text: string;
  reason: string;
}

/** A parsed layout, entities in file order per kind. */
export interface Layout {
  walls: LayoutWall[];
  doors: LayoutOpening[];
  windows: LayoutOpening[];
  boxes: LayoutBox[];
  /** Entities of kinds this reader does not know, reported rather than silently dropped. */
  skipped: SkippedLine[];
}

/** The parameter names of each entity kind, in SpatialLM's order. */
export const LAYOUT_FIELDS = {
  wall: ["ax", "ay", "az", "bx", "by", "bz", "height", "thickness"],
  door: ["wall_id", "position_x", "position_y", "position_z", "width", "height"],
  window: ["wall_id", "position_x", "position_y", "position_z", "width", "height"],
  bbox: [
    "class_name",
    "position_x",
    "position_y",
    "position_z",
    "angle_z",
    "scale_x",
    "scale_y",
    "scale_z",
  ],
} as const;

type Kind = keyof typeof LAYOUT_FIELDS;

const ENTITY_LINE = /^([A-Za-z][A-Za-z0-9]*)_(\d+)\s*=\s*([A-Za-z][A-Za-z0-9]*)\s*\((.*)\)\s*$/;
const HEAD = /^([A-Za-z][A-Za-z0-9]*)_(\d+)\s*=\s*([A-Za-z][A-Za-z0-9]*)\s*\(/;

/** True when `text` looks like a SpatialLM layout: its first entity line parses as one. */
export function isLayoutText(text: string): boolean {
  const first = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l && !l.startsWith("#"));
  return first !== undefined && HEAD.test(first);
}

/**
 * Parses layout text. Blank lines and `#` comments are ignored; a line of an unknown kind goes
 * to `skipped`; anything else malformed throws an {@link InputError} whose field reads
 * `<source>:<line> <field>`.
 */
export function parseLayout(text: string, source = "layout"): Layout {
  const layout: Layout = { walls: [], doors: [], windows: [], boxes: [], skipped: [] };
  const ids = new Set<string>();
  const openingLines = new Map<LayoutOpening, number>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const where = `${source}:${n}`;
    const m = line.match(ENTITY_LINE);
    if (!m) {
      if (HEAD.test(line)) {
        throw new InputError(where, "truncated line: no closing ')'", `got "${clip(line)}"`);
      }
      throw new InputError(
        where,
        `not an entity line: "${clip(line)}"`,
        "expected name_N=Kind(values), e.g. wall_0=Wall(0,0,0,4,0,0,2.8,0.2)",
      );
    }
    const [, prefix, num, ctor, body] = m;
    const kind = prefix.toLowerCase();
    if (!(kind in LAYOUT_FIELDS) || ctor.toLowerCase() !== kind) {
      if (!(kind in LAYOUT_FIELDS) && !(ctor.toLowerCase() in LAYOUT_FIELDS)) {
        layout.skipped.push({
          line: n,
          text: line,
          reason: `unknown entity kind "${ctor}" (known: Wall, Door, Window, Bbox)`,
        });
        return;
      }
      throw new InputError(
        where,
        `name "${prefix}_${num}" does not match the entity kind "${ctor}"`,
        `a ${ctor} is named ${ctor.toLowerCase()}_N`,
      );
    }
    const id = `${kind}_${Number(num)}`;
    if (ids.has(id)) throw new InputError(`${where} ${id}`, "duplicate id", "ids must be unique");
    ids.add(id);
    const fields = LAYOUT_FIELDS[kind as Kind];
    const values = body.split(",").map((v) => v.trim());
    if (values.length < fields.length) {
      throw new InputError(
        `${where} ${fields[values.length]}`,
        `missing: ${ctor} takes ${fields.length} values (${
          fields.join(", ")
        }), got ${values.length}`,
      );
    }
    if (values.length > fields.length) {
      throw new InputError(
        where,
        `too many values: ${ctor} takes ${fields.length} (${
          fields.join(", ")
        }), got ${values.length}`,
      );
    }
    const num_ = (k: number, nonNegative = false): number => {
      const field = `${where} ${fields[k]}`;
      const v = values[k];
      const x = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v) ? Number(v) : NaN;
      if (!Number.isFinite(x)) {
        throw new InputError(field, `"${v}" is not a finite number`);
      }
      if (nonNegative && x < 0) throw new InputError(field, `must be ≥ 0, got ${v}`);
      return x;
    };
    if (kind === "wall") {
      layout.walls.push({
        id,
        a: [num_(0), num_(1), num_(2)],
        b: [num_(3), num_(4), num_(5)],
        height: num_(6, true),
        thickness: num_(7, true),
      });
    } else if (kind === "door" || kind === "window") {
      const wall = values[0].match(/^wall_(\d+)$/);
      if (!wall) {
        throw new InputError(`${where} wall_id`, `"${values[0]}" is not a wall id`, "e.g. wall_0");
      }
      const opening: LayoutOpening = {
        id,
        kind,
        wallId: `wall_${Number(wall[1])}`,
        position: [num_(1), num_(2), num_(3)],
        width: num_(4, true),
        height: num_(5, true),
      };
      openingLines.set(opening, n);
      (kind === "door" ? layout.doors : layout.windows).push(opening);
    } else {
      const className = values[0];
      if (!/^[^\s()=]+$/.test(className)) {
        throw new InputError(
          `${where} class_name`,
          `"${className}" is not a class name`,
          "one word, e.g. sofa or coffee_table",
        );
      }
      layout.boxes.push({
        id,
        className,
        position: [num_(1), num_(2), num_(3)],
        angleZ: num_(4),
        scale: [Math.abs(num_(5)), Math.abs(num_(6)), Math.abs(num_(7))],
      });
    }
  });
  const walls = new Set(layout.walls.map((w) => w.id));
  for (const [o, n] of openingLines) {
    if (!walls.has(o.wallId)) {
      throw new InputError(
        `${source}:${n} wall_id`,
        `${o.id} is on unknown wall ${o.wallId}`,
        walls.size ? `walls defined: ${[...walls].join(", ")}` : "the layout defines no walls",
      );
    }
  }
  return layout;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** A number as the layout writes it: at most `digits` decimals, no trailing zeros, no "-0". */
function fmt(x: number, digits: number): string {
  const s = x.toFixed(digits).replace(/\.?0+$/, "");
  return s === "-0" ? "0" : s;
}

/** Decimals the writer keeps: millimetres for lengths, 1e-4 rad for angles. */
export const LAYOUT_DECIMALS = { length: 3, angle: 4 } as const;

/**
 * Writes layout text in SpatialLM's format: walls, then doors, windows, boxes (its
 * `Layout.to_language_string` order), one per line, values comma-separated without spaces,
 * lengths to the millimetre and angles to 1e-4 rad.
 */
export function formatLayout(layout: Layout): string {
  const L = (x: number) => fmt(x, LAYOUT_DECIMALS.length);
  const lines = [
    ...layout.walls.map((w) =>
      `${w.id}=Wall(${[...w.a, ...w.b, w.height, w.thickness].map(L).join(",")})`
    ),
    ...[...layout.doors, ...layout.windows].map((o) =>
      `${o.id}=${o.kind === "door" ? "Door" : "Window"}(${o.wallId},${
        [...o.position, o.width, o.height].map(L).join(",")
      })`
    ),
    ...layout.boxes.map((b) =>
      `${b.id}=Bbox(${b.className},${b.position.map(L).join(",")},${
        fmt(b.angleZ, LAYOUT_DECIMALS.angle)
      },${b.scale.map(L).join(",")})`
    ),
  ];
  return lines.length ? `${lines.join("\n")}\n` : "";
}
