/** Responses that arrive a piece at a time: server-sent events (each event's `data` decoded
 * as JSON where it is JSON; a `[DONE]` data line ends the stream), or a sequence of JSON values
 * (JSON Lines, NDJSON, RFC 7464 JSON text sequences). A `Stream` is iterated once, with
 * `for await`; `abort()` closes it early. */

/** One server-sent event as it came. */
export interface ServerSentEvent {
  event: string;
  data: string;
  id: string | undefined;
  retry: number | undefined;
}

export type Framing = "sse" | "lines" | "json-seq";

async function* lines(body: ReadableStream<Uint8Array>, separator: RegExp): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      // a last "\r" may be the first half of a "\r\n": held until the next chunk
      const held = !done && buffer.endsWith("\r") ? "\r" : "";
      const parts = (held ? buffer.slice(0, -1) : buffer).split(separator);
      buffer = (done ? "" : (parts.pop() ?? "")) + held;
      yield* parts;
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The events of an `text/event-stream` body, as the HTML standard parses them. */
export async function* serverSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  let event = "";
  let data: string[] = [];
  let id: string | undefined;
  let retry: number | undefined;
  let first = true;
  for await (let line of lines(body, /\r\n|\n|\r/)) {
    if (first) {
      line = line.replace(/^\uFEFF/, "");
      first = false;
    }
    if (line === "") {
      if (data.length > 0) yield { event: event || "message", data: data.join("\n"), id, retry };
      event = "";
      data = [];
      continue;
    }
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const name = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (name === "event") event = value;
    else if (name === "data") data.push(value);
    else if (name === "id" && !value.includes("\0")) id = value;
    else if (name === "retry" && /^\d+$/.test(value)) retry = Number(value);
  }
  if (data.length > 0) yield { event: event || "message", data: data.join("\n"), id, retry };
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export class Stream<T> implements AsyncIterable<T> {
  private used = false;

  constructor(
    /** The response, its body not read yet. */
    readonly response: Response,
    private readonly framing: Framing,
    private readonly controller?: AbortController,
  ) {}

  /** The events as they came (server-sent events only): name, raw data, id. */
  async *events(): AsyncGenerator<ServerSentEvent> {
    const body = this.take();
    for await (const event of serverSentEvents(body)) {
      if (event.data === "[DONE]") return;
      yield event;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    if (this.framing === "sse") {
      for await (const event of this.events()) yield parsed(event.data) as T;
      return;
    }
    const separator = this.framing === "json-seq" ? /\x1e/ : /\r?\n/;
    for await (const line of lines(this.take(), separator)) {
      if (line.trim() !== "") yield JSON.parse(line) as T;
    }
  }

  /** Stop reading: the connection is closed. */
  abort(): void {
    this.controller?.abort();
    void this.response.body?.cancel().catch(() => undefined);
  }

  private take(): ReadableStream<Uint8Array> {
    if (this.used) throw new Error("a Stream is iterated once");
    this.used = true;
    if (this.response.body === null) throw new Error("the response has no body");
    return this.response.body;
  }
}
