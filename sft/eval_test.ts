import assert from "node:assert/strict";
import {
  type EvalItem,
  type EvalResult,
  formatScores,
  itemsFromTsv,
  parseTsv,
  score,
  summarize,
} from "./eval.ts";

Deno.test("parseTsv handles quoted fields with tabs, quotes and newlines", () => {
  const text = 'a\tb\tc\n1\t"x\ty"\t"he said ""hi""\nbye"\r\n\n2\t\tz\n';
  assert.deepEqual(parseTsv(text), [
    ["a", "b", "c"],
    ["1", "x\ty", 'he said "hi"\nbye'],
    ["2", "", "z"],
  ]);
});

const TSV = [
  "index\tquestion\tA\tB\tC\tD\tanswer\tcategory\timage_path",
  "7\tIs the dog higher than the car?\tyes\tno\t\t\tA\theight_higher\tdog.jpg",
  "7-1\tIs the dog higher than the car?\tno\tyes\t\t\tB\theight_higher\tdog.jpg",
  "8\tWhich is closer?\tthe dog\tthe car\tthe cat\t\tC\tlocation_closer_to_camera\tdog.jpg",
].join("\n");

Deno.test("itemsFromTsv: columns by name, options A–D, groups from the -N suffix", () => {
  const items = itemsFromTsv(TSV);
  assert.deepEqual(items.map((i) => [i.id, i.group, i.options?.length]), [
    ["7", "7", 2],
    ["7-1", "7", 2],
    ["8", "8", 3],
  ]);
  assert.deepEqual(items[2].gold, { answer: "C", options: ["the dog", "the car", "the cat"] });
  assert.equal(items[0].image, "dog.jpg");
});

Deno.test("itemsFromTsv rejects a missing column or an answer that names no option", () => {
  assert.throws(() => itemsFromTsv("index\tquestion\tA\tB\tanswer\n1\tq\ta\tb\tA"), /category/);
  assert.throws(
    () => itemsFromTsv("index\tquestion\tA\tB\tanswer\tcategory\n1\tq\ta\tb\tD\tx"),
    /not one of the option letters/,
  );
});

Deno.test("score and summarize: plain per row, strict per question group", () => {
  const items = itemsFromTsv(TSV);
  assert.ok(score(items[0], "yes"));
  assert.ok(score(items[1], "yes")); // option B of the rotated row
  assert.ok(!score(items[1], "no"));
  assert.ok(!score(items[2], null));
  const results: EvalResult[] = [
    { item: items[0], predicted: "yes", correct: true },
    { item: items[1], predicted: "no", correct: false },
    { item: items[2], predicted: "the cat", correct: true },
  ];
  const s = summarize(results);
  assert.equal(s.overall.n, 3);
  assert.equal(s.overall.plain, 2 / 3);
  assert.equal(s.overall.groups, 2);
  assert.equal(s.overall.strict, 1 / 2);
  assert.equal(s.byCategory.height_higher.strict, 0);
  assert.equal(s.byCategory.location_closer_to_camera.strict, 1);
  assert.match(formatScores(s), /overall\s+3\s+66\.7%\s+2\s+50\.0%/);
});

Deno.test("numeric golds use a tolerance, counts are exact", () => {
  const item = (answer: number, tolerance?: number): EvalItem => ({
    id: "1",
    group: "1",
    category: "distance_between",
    question: "q",
    gold: { answer, ...(tolerance !== undefined ? { tolerance } : {}) },
  });
  assert.ok(score(item(2), "2.3"));
  assert.ok(!score(item(2), "2.6"));
  assert.ok(!score(item(3, 0), "4"));
});
