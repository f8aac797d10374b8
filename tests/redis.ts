/**
 * A throwaway Redis for tests: Debian's `redis-server` on a free loopback port, in a temporary
 * folder, with an append-only file so a restart keeps the queue. Tests skip with a message when
 * `redis-server` is not installed (.ci/run installs it).
 *
 * @module
 */

/** A running test Redis. */
export interface TestRedis {
  /** `redis://127.0.0.1:PORT`. */
  url: string;
  /** Stops it (data kept on disk) and starts it again on the same port. */
  restart(): Promise<void>;
  /** Sends one command (inline protocol), returns the first reply line. */
  command(line: string): Promise<string>;
  /** Stops it and removes its folder. */
  stop(): Promise<void>;
}

/** True when `redis-server` can be run; logs a skip note when it cannot. */
export async function hasRedis(): Promise<boolean> {
  try {
    await new Deno.Command("redis-server", { args: ["--version"], stdout: "null" }).output();
    return true;
  } catch {
    console.warn("skipping: redis-server is not installed (apt-get install redis-server)");
    return false;
  }
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function send(port: number, line: string): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await conn.write(new TextEncoder().encode(`${line}\r\n`));
    const buf = new Uint8Array(512);
    const n = await conn.read(buf);
    return new TextDecoder().decode(buf.subarray(0, n ?? 0)).split("\r\n")[0];
  } finally {
    conn.close();
  }
}

/** Starts a Redis; stop it in a `finally`. */
export async function startRedis(): Promise<TestRedis> {
  const dir = await Deno.makeTempDir({ prefix: "test-redis-" });
  const port = freePort();
  let child: Deno.ChildProcess;
  const spawn = async () => {
    child = new Deno.Command("redis-server", {
      args: [
        ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""],
        ...["--appendonly", "yes", "--appendfsync", "always", "--daemonize", "no"],
      ],
      stdout: "null",
      stderr: "null",
    }).spawn();
    for (let i = 0; i < 100; i++) {
      if (await send(port, "PING").catch(() => "") === "+PONG") return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not start on port ${port}`);
  };
  const halt = async () => {
    child.kill("SIGTERM");
    await child.status;
  };
  await spawn();
  return {
    url: `redis://127.0.0.1:${port}`,
    restart: async () => {
      await halt();
      await spawn();
    },
    command: (line) => send(port, line),
    stop: async () => {
      await halt();
      await Deno.remove(dir, { recursive: true });
    },
  };
}
