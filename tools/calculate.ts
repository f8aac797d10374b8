/**
 * `calculate`: arithmetic through mathjs, sandboxed. Expressions are parsed, then checked
 * against a whitelist of node types and functions before evaluation, so nothing can reach
 * `import`, `createUnit`, `evaluate`, `parse` or any function definition, and nothing can loop:
 * with the length limit and the array limit, evaluation time is bounded by construction.
 * mathjs is loaded on the first calculation (its import is most of a cold start otherwise).
 *
 * @module
 */
import { z } from "zod";
import type { MathJsInstance, MathNode } from "mathjs";
import { InputError } from "../core/errors.ts";
import { defineTool } from "./tool.ts";

/** Longest expression accepted. */
export const MAX_EXPRESSION_LENGTH = 500;
/** Most elements in one array literal or variable. */
const MAX_ARRAY_LENGTH = 64;

let mathjs: Promise<MathJsInstance> | undefined;

/** The mathjs instance, loaded and created once, on first use. */
function loadMath(): Promise<MathJsInstance> {
  return mathjs ??= import("mathjs").then(({ all, create }) => create(all, { number: "number" }));
}

/** Functions an expression may call. */
const ALLOWED_FUNCTIONS = new Set([
  "abs",
  "sqrt",
  "cbrt",
  "exp",
  "log",
  "log10",
  "log2",
  "pow",
  "hypot",
  "sin",
  "cos",
  "tan",
  "asin",
  "acos",
  "atan",
  "atan2",
  "min",
  "max",
  "mean",
  "median",
  "sum",
  "round",
  "floor",
  "ceil",
  "sign",
  "dot",
  "cross",
  "norm",
  "subtract",
  "add",
  "multiply",
  "divide",
]);
const ALLOWED_CONSTANTS = new Set(["pi", "e", "deg"]);

/** Throws an {@link InputError} for anything outside the whitelist. */
function checkNode(node: MathNode, variables: Set<string>): void {
  node.traverse((n: MathNode, _path: string, parent: MathNode | null) => {
    switch (n.type) {
      case "ConstantNode":
      case "OperatorNode":
      case "ParenthesisNode":
        return;
      case "ArrayNode":
        if ((n as unknown as { items: unknown[] }).items.length > MAX_ARRAY_LENGTH) {
          throw new InputError(
            "expression",
            `array literals may hold at most ${MAX_ARRAY_LENGTH} items`,
          );
        }
        return;
      case "FunctionNode": {
        const name = (n as unknown as { fn: { name?: string } }).fn.name;
        if (!name || !ALLOWED_FUNCTIONS.has(name)) {
          throw new InputError(
            "expression",
            `function "${name ?? "?"}" is not allowed`,
            `allowed: ${[...ALLOWED_FUNCTIONS].join(", ")}`,
          );
        }
        return;
      }
      case "SymbolNode": {
        const name = (n as unknown as { name: string }).name;
        const isCallee = parent?.type === "FunctionNode" &&
          (parent as unknown as { fn: MathNode }).fn === n;
        if (isCallee || variables.has(name) || ALLOWED_CONSTANTS.has(name)) return;
        throw new InputError(
          "expression",
          `unknown symbol "${name}"`,
          "pass numbers through `variables`, or write them out",
        );
      }
      default:
        throw new InputError("expression", `${n.type} is not allowed`, "use plain arithmetic");
    }
  });
}

/** Number or vector result, checked finite. */
function toPlain(math: MathJsInstance, value: unknown): number | number[] {
  const v = math.isMatrix(value) ? (value as { toArray(): unknown }).toArray() : value;
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (Array.isArray(v) && v.every((x) => typeof x === "number" && Number.isFinite(x))) {
    return v as number[];
  }
  throw new InputError(
    "expression",
    `result is not a finite number or vector (${math.format(value as never, 6)})`,
  );
}

/** Evaluates a whitelisted expression with the given variables. */
export async function evaluateExpression(
  expression: string,
  variables: Record<string, number | number[]> = {},
): Promise<number | number[]> {
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    throw new InputError("expression", `longer than ${MAX_EXPRESSION_LENGTH} characters`);
  }
  const math = await loadMath();
  let node: MathNode;
  try {
    node = math.parse(expression);
  } catch (e) {
    throw new InputError("expression", `cannot parse: ${(e as Error).message}`);
  }
  checkNode(node, new Set(Object.keys(variables)));
  try {
    // `deg` as a plain number, so `x / deg` converts radians to degrees without mathjs units.
    return toPlain(math, node.compile().evaluate({ deg: Math.PI / 180, ...variables }));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError("expression", `cannot evaluate: ${(e as Error).message}`);
  }
}

const Variable = z.union([
  z.number().finite(),
  z.array(z.number().finite()).max(MAX_ARRAY_LENGTH),
]);

/** The calculate tool. */
export const calculate = defineTool({
  name: "calculate",
  kind: "computation",
  description: "Evaluate arithmetic on numbers from earlier tool results, e.g. " +
    '"acos(dot(u, v) / (norm(u) * norm(v))) / deg" or "abs(d1 - d2)". Vectors are [x, y, z]. ' +
    "Pass named values through `variables`. Trigonometry is in radians; divide by `deg` for degrees.",
  input: z.object({
    expression: z.string().min(1).max(MAX_EXPRESSION_LENGTH),
    variables: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), Variable).optional(),
  }),
  output: z.object({
    expression: z.string(),
    value: z.union([z.number(), z.array(z.number())]),
  }),
  execute: async ({ expression, variables }) => ({
    expression,
    value: await evaluateExpression(expression, variables),
  }),
});
