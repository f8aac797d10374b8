import assert from "node:assert/strict";
import { InputError } from "../core/errors.ts";
import {
  choiceFlag,
  choiceListFlag,
  closestFlag,
  deadlineFlag,
  HELP_FLAG,
  integerFlag,
  MAX_DEADLINE_S,
  noPositionals,
  parseFlags,
  PLANNERS,
  positiveFlag,
  printHelp,
  requiredFlag,
} from "./args.ts";

/** Asserts that `fn` throws an InputError for `field` whose reason matches `reason`. */
function throwsFor(fn: () => unknown, field: string, reason: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof InputError);
    assert.equal(e.field, field);
    assert.match(e.reason, reason);
    return true;
  });
}

Deno.test("parseFlags: unknown flags and missing values name the flag", () => {
  throwsFor(() => parseFlags(["--bogus"], {}, "usage"), "--bogus", /unknown/i);
  throwsFor(() => parseFlags(["--n"], { n: { type: "string" } }, "usage"), "--n", /needs a value/);
});

Deno.test("closestFlag: a prefix, else the nearest within a third of the length, else none", () => {
  const known = ["per-image", "planner", "format", "frame", "out"];
  assert.equal(closestFlag("--per", known), "per-image");
  assert.equal(closestFlag("--formt", known), "format");
  assert.equal(closestFlag("--plannr", known), "planner");
  assert.equal(closestFlag("--bogus", known), undefined);
  assert.equal(closestFlag("--f", known), undefined); // a prefix of two flags
});

Deno.test("printHelp prints the usage only when --help or -h is given", () => {
  const log = console.log;
  const printed: string[] = [];
  console.log = (s: string) => printed.push(s);
  try {
    for (const args of [["--help"], ["-h"]]) {
      assert.equal(printHelp(parseFlags(args, HELP_FLAG, "u").values, "the usage"), true);
    }
    assert.equal(printHelp(parseFlags([], HELP_FLAG, "u").values, "the usage"), false);
  } finally {
    console.log = log;
  }
  assert.deepEqual(printed, ["the usage", "the usage"]);
});

Deno.test("noPositionals names the first stray argument and passes an empty list", () => {
  noPositionals([], "u");
  throwsFor(() => noPositionals(["a.jpg", "b.jpg"], "u"), "a.jpg", /unexpected argument/);
});

Deno.test("requiredFlag returns the value; absent or empty is an error", () => {
  assert.equal(requiredFlag({ out: "x.jsonl" }, "out", "u"), "x.jsonl");
  throwsFor(() => requiredFlag({}, "out", "u"), "--out", /is required/);
  throwsFor(() => requiredFlag({ out: "" }, "out", "u"), "--out", /is required/);
});

Deno.test("integerFlag: absent is undefined; both bounds are inclusive and stated", () => {
  assert.equal(integerFlag({}, "n"), undefined);
  assert.equal(integerFlag({ n: "1" }, "n"), 1);
  assert.equal(integerFlag({ n: "0" }, "n", 0), 0);
  assert.equal(integerFlag({ n: "9" }, "n", 0, 9), 9);
  throwsFor(
    () => integerFlag({ n: "0" }, "n"),
    "--n",
    /^must be an integer from 1 to \d+, got "0"$/,
  );
  throwsFor(() => integerFlag({ n: "-1" }, "n", 0), "--n", /integer from 0 to/);
  throwsFor(() => integerFlag({ n: "10" }, "n", 0, 9), "--n", /from 0 to 9, got "10"/);
  throwsFor(() => integerFlag({ n: "2.5" }, "n"), "--n", /integer/);
  throwsFor(() => integerFlag({ n: "two" }, "n"), "--n", /integer from 1/);
});

Deno.test("positiveFlag accepts fractions, refuses zero, says the unit and the range", () => {
  assert.equal(positiveFlag({}, "deadline"), undefined);
  assert.equal(positiveFlag({ deadline: "0.5" }, "deadline", "seconds"), 0.5);
  throwsFor(
    () => positiveFlag({ deadline: "0" }, "deadline", "seconds"),
    "--deadline",
    /^must be a number > 0 and ≤ 1000000000 \(seconds\), got "0"$/,
  );
  throwsFor(() => positiveFlag({ x: "-2" }, "x"), "--x", /> 0 .*got "-2"$/);
  throwsFor(() => positiveFlag({ x: "1e308" }, "x", "pixels", 1e7), "--x", /≤ 10000000/);
  throwsFor(() => positiveFlag({ x: "Infinity" }, "x"), "--x", /got "Infinity"/);
});

Deno.test("deadlineFlag refuses what a timer cannot hold (over 2^31 ms)", () => {
  assert.equal(deadlineFlag({ deadline: String(MAX_DEADLINE_S) }), MAX_DEADLINE_S);
  assert.ok(MAX_DEADLINE_S * 1000 <= 2 ** 31 - 1);
  throwsFor(() => deadlineFlag({ deadline: "2200000" }), "--deadline", /≤ 2147481 \(seconds\)/);
});

Deno.test("a negative number after a flag reaches the range check, not 'ambiguous'", () => {
  const spec = { fx: { type: "string" as const }, json: { type: "boolean" as const } };
  const { values, positionals } = parseFlags(["--fx", "-5", "img.jpg"], spec, "u");
  assert.deepEqual(positionals, ["img.jpg"]);
  throwsFor(() => positiveFlag(values, "fx", "pixels", 1e7), "--fx", /> 0 .*got "-5"/);
  assert.equal(parseFlags(["--fx", "-0.5"], spec, "u").values.fx, "-0.5");
  throwsFor(() => parseFlags(["--json", "-5"], spec, "u"), "-5", /unknown/i);
});

Deno.test("choiceFlag: fallback when absent, required without one, lists the choices", () => {
  assert.equal(choiceFlag({}, "planner", PLANNERS, "auto"), "auto");
  assert.equal(choiceFlag({ planner: "rules" }, "planner", PLANNERS, "auto"), "rules");
  throwsFor(
    () => choiceFlag({ planner: "gpt" }, "planner", PLANNERS, "auto"),
    "--planner",
    /^must be one of auto, llm, rules, got "gpt"$/,
  );
  throwsFor(() => choiceFlag({}, "planner", PLANNERS), "--planner", /is required/);
});

Deno.test("choiceListFlag splits on commas, trims, and checks every item", () => {
  const abc = ["a", "b", "c"] as const;
  assert.equal(choiceListFlag({}, "x", abc), undefined);
  assert.deepEqual(choiceListFlag({}, "x", abc, ["a", "b"]), ["a", "b"]);
  assert.deepEqual(choiceListFlag({ x: "c, a" }, "x", abc, ["b"]), ["c", "a"]);
  throwsFor(() => choiceListFlag({ x: "a,d" }, "x", abc), "--x", /one of a, b, c, got "d"/);
  throwsFor(() => choiceListFlag({ x: "a," }, "x", abc), "--x", /got ""/);
});
