/** Waiting for long-running work: a read operation called while its status says the work is
 * in progress. The first result whose status is not a pending one is returned (a failed or
 * canceled one too, and one with a status the spec does not list: the caller reads it). */

import { SDKError } from "./errors.js";

/** What a `…AndWait` helper takes besides the request options. */
export interface PollOptions {
  /** Milliseconds between two reads (default 2,000). */
  pollInterval?: number;
  /** Milliseconds after which `PollingTimeoutError` is thrown (default 600,000). */
  pollTimeout?: number;
  signal?: AbortSignal;
}

/** Still in progress after `pollTimeout`: `last` is the last result read. */
export class PollingTimeoutError extends SDKError {
  override readonly name: string = "PollingTimeoutError";
  constructor(
    message: string,
    readonly last: unknown,
  ) {
    super(message);
  }
}

/** The field `name` of a response, which the spec says is there. */
export function field(value: unknown, name: string): unknown {
  const found =
    value !== null && typeof value === "object"
      ? (value as Record<string, unknown>)[name]
      : undefined;
  if (found === undefined || found === null) {
    throw new SDKError(`the response has no ${JSON.stringify(name)} to poll with`);
  }
  return found;
}

export async function waitFor<T>(
  read: () => Promise<T>,
  statusField: string,
  pending: readonly string[],
  options: PollOptions = {},
): Promise<T> {
  const interval = options.pollInterval ?? 2_000;
  const timeout = options.pollTimeout ?? 600_000;
  if (interval < 0 || timeout < 0) throw new RangeError("pollInterval and pollTimeout must be >= 0");
  const started = Date.now();
  for (;;) {
    const result = await read();
    const status =
      result !== null && typeof result === "object"
        ? (result as Record<string, unknown>)[statusField]
        : undefined;
    if (!pending.includes(String(status))) return result;
    if (Date.now() - started + interval > timeout) {
      throw new PollingTimeoutError(
        `status still ${JSON.stringify(status)} after ${timeout} ms`,
        result,
      );
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, interval);
      options.signal?.addEventListener(
        "abort",
        () => {
          clearTimeout(timer);
          reject(new SDKError("polling aborted"));
        },
        { once: true },
      );
    });
  }
}
