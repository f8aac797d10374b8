/**
 * The command line: `deno task <command>` or `deno run -A main.ts <command> [args]`.
 * Each command lives in `cli/<command>.ts` and returns an exit code; this file only dispatches
 * and turns errors into one clear line (never a stack trace).
 *
 * Exit codes: 0 success, 1 unexpected failure, 2 bad input; commands document their own others.
 *
 * @module
 */
import { errorMessage, InputError } from "./core/errors.ts";

/** A command: takes its arguments, returns the process exit code. */
export type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  ask: {
    summary: "answer a spatial question about an image or a scene, with its trace",
    load: async () => (await import("./cli/ask.ts")).run,
  },
  serve: {
    summary: "serve the web page, the SSE API and Ollama/OpenAI-compatible chat endpoints",
    load: async () => (await import("./cli/serve.ts")).run,
  },
  perceive: {
    summary: "detect, locate and orient the objects of an image; print the 3D scene",
    load: async () => (await import("./cli/perceive.ts")).run,
  },
  models: {
    summary: "list, download (pull) or check (verify) the model files",
    load: async () => (await import("./cli/models.ts")).run,
  },
  generate: {
    summary: "generate SR-CoT training data from images or scene files (resumable)",
    load: async () => (await import("./cli/generate.ts")).run,
  },
  worker: {
    summary:
      "process the jobs of a distributed generate run (--queue redis://…); --status, --cancel",
    load: async () => (await import("./cli/worker.ts")).run,
  },
  export: {
    summary: "convert traces or generated data between training formats",
    load: async () => (await import("./cli/export.ts")).run,
  },
  eval: {
    summary: "accuracy per category on 3DSRBench TSV or generated JSONL (CircularEval+FlipEval)",
    load: async () => (await import("./cli/eval.ts")).run,
  },
};

/**
 * Longest command line accepted, characters over all arguments. Beyond about 28 KB of argv the
 * process aborts natively while onnxruntime creates a session, so a longer line is refused
 * before any model loads; long text goes on stdin (`-`).
 */
export const MAX_ARGV_CHARS = 16 * 1024;

/** Throws when the arguments together exceed {@link MAX_ARGV_CHARS}. */
function checkArgvLength(args: readonly string[]): void {
  const n = args.reduce((sum, a) => sum + a.length + 1, 0);
  if (n > MAX_ARGV_CHARS) {
    throw new InputError(
      "arguments",
      `the command line is ${n} characters, more than the limit of ${MAX_ARGV_CHARS}`,
      "pass a long question or --options as '-' and send the text on stdin",
    );
  }
}

/** Exit code for bad input (flags, files, arguments). */
export const EXIT_BAD_INPUT = 2;

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: deno task <command> [args]\n\ncommands:\n${lines.join("\n")}\n\n` +
    "Run a command with --help for its options. See README.md.";
}

/** Runs the CLI with `args` and returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name ? 0 : EXIT_BAD_INPUT;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`error: unknown command "${name}"\n\n${usage()}`);
    return EXIT_BAD_INPUT;
  }
  try {
    // Before anything loads: a very long command line aborts onnxruntime natively.
    checkArgvLength(rest);
    return await (await command.load())(rest);
  } catch (e) {
    if (e instanceof InputError) {
      console.error(`error: ${e.message}`);
      return EXIT_BAD_INPUT;
    }
    console.error(`error: ${errorMessage(e)}`);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
