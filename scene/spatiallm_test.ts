import assert from "node:assert/strict";
import { formatLayout, isLayoutText, parseLayout } from "./spatiallm.ts";

/** A room written by hand in SpatialLM's format (the shape its inference.py writes). */
const ROOM = await Deno.readTextFile(new URL("../tests/fixtures/room_layout.txt", import.meta.url));

Deno.test("parseLayout reads walls, doors, windows and boxes with SpatialLM's fields", () => {
  const l = parseLayout(ROOM);
  assert.equal(l.walls.length, 4);
  assert.deepEqual(l.walls[1], {
    id: "wall_1",
    a: [5, 0, 0],
    b: [5, 4, 0],
    height: 2.8,
    thickness: 0.2,
  });
  assert.deepEqual(l.doors[0], {
    id: "door_0",
    kind: "door",
    wallId: "wall_0",
    position: [1, 0, 1],
    width: 0.9,
    height: 2,
  });
  assert.equal(l.windows[0].wallId, "wall_1");
  assert.deepEqual(l.boxes[0], {
    id: "bbox_0",
    className: "sofa",
    position: [2.5, 3.5, 0.4],
    angleZ: 3.1416,
    scale: [2, 0.9, 0.8],
  });
  assert.deepEqual(l.skipped, []);
});

Deno.test("parseLayout: spaces, CRLF, blank lines and comments; negative scales as SpatialLM", () => {
  const l = parseLayout(
    "# scanned 2025\r\n\r\nwall_0 = Wall(0, 0, 0, 1, 0, 0, 2.5, 0.1)\r\n" +
      "bbox_7=Bbox(chair, 1e-1, .5, -0.25, 0, -0.5, 0.5, 0.9)\r\n",
  );
  assert.equal(l.walls[0].b[0], 1);
  assert.deepEqual(l.boxes[0].position, [0.1, 0.5, -0.25]);
  assert.deepEqual(l.boxes[0].scale, [0.5, 0.5, 0.9]);
  assert.equal(l.boxes[0].id, "bbox_7");
});

Deno.test("parseLayout reports unknown entity kinds instead of dropping them", () => {
  const l = parseLayout("wall_0=Wall(0,0,0,1,0,0,2,0.1)\nstair_0=Stair(0,0,0,1,2,3)\n");
  assert.equal(l.walls.length, 1);
  assert.equal(l.skipped.length, 1);
  assert.equal(l.skipped[0].line, 2);
  assert.match(l.skipped[0].reason, /unknown entity kind "Stair"/);
});

Deno.test("parseLayout: each malformed line is an error with its line number and field", () => {
  const wall = "wall_0=Wall(0,0,0,4,0,0,2.8,0.2)\n";
  const cases: [string, RegExp][] = [
    [`${wall}bbox_0=Bbox(sofa,1,2,0.4,0,2.0,0.9`, /: room\.txt:2: truncated line/],
    [`${wall}bbox_0=Bbox(sofa,1,2,0.4,0,2.0,0.9)`, /: room\.txt:2 scale_z: missing/],
    [`${wall}door_0=Door(wall_3,1,0,1,0.9,2)`, /: room\.txt:2 wall_id: door_0 is on unknown wall/],
    [`${wall}\nbbox_0=Bbox(tv,1,NaN,1,0,1,0.1,0.7)`, /: room\.txt:3 position_y: "NaN" is not a/],
    [`bbox_0=Bbox(tv,1,2,1,inf,1,0.1,0.7)`, /: room\.txt:1 angle_z: "inf" is not a finite/],
    [`wall_0=Wall(0,0,0,4,0,0,,0.2)`, /: room\.txt:1 height: "" is not a finite number/],
    [`wall_0=Wall(0,0,0,4,0,0,-2,0.2)`, /: room\.txt:1 height: must be ≥ 0/],
    [`${wall}wall_0=Wall(0,0,0,4,0,0,2,0.2)`, /: room\.txt:2 wall_0: duplicate id/],
    [`${wall}door_0=Door(0,1,0,1,0.9,2)`, /: room\.txt:2 wall_id: "0" is not a wall id/],
    [`${wall}bbox_0=Wall(0,0,0,4,0,0,2,0.2)`, /: room\.txt:2: name "bbox_0" does not match/],
    [`${wall}wall_1=Wall(0,0,0,4,0,0,2,0.2,9)`, /: room\.txt:2: too many values/],
    [`${wall}just some words`, /: room\.txt:2: not an entity line/],
  ];
  for (const [text, re] of cases) assert.throws(() => parseLayout(text, "room.txt"), re, text);
});

Deno.test("formatLayout writes SpatialLM's line shapes and parses back to the same layout", () => {
  const l = parseLayout(ROOM);
  const text = formatLayout(l);
  assert.equal(text.split("\n")[0], "wall_0=Wall(0,0,0,5,0,0,2.8,0.2)");
  assert.match(text, /^door_0=Door\(wall_0,1,0,1,0\.9,2\)$/m);
  assert.match(text, /^bbox_0=Bbox\(sofa,2\.5,3\.5,0\.4,3\.1416,2,0\.9,0\.8\)$/m);
  assert.deepEqual(parseLayout(text), l);
  assert.equal(formatLayout({ walls: [], doors: [], windows: [], boxes: [], skipped: [] }), "");
});

Deno.test("isLayoutText tells a layout from JSON and prose", () => {
  assert.equal(isLayoutText(ROOM), true);
  assert.equal(isLayoutText("# comment\n\nbbox_0=Bbox(sofa,1,2,3,0,1,1,1)"), true);
  assert.equal(isLayoutText('{"objects": []}'), false);
  assert.equal(isLayoutText("Car 0.00 0 -1.58 587.01"), false);
  assert.equal(isLayoutText(""), false);
});
