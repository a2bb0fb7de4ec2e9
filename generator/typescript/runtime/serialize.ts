/** Parameters and bodies as the spec says they go over the wire: path templates, query
 * parameters by `style` and `explode`, headers, and JSON, form, multipart, binary and text
 * bodies. */

/** Where an operation's parameters go: wire name → [location, style, explode]. */
export type ParamSpec = Record<
  string,
  readonly ["query" | "header" | "cookie", string, boolean]
>;

/** How a request body is encoded. */
export type BodyKind = "json" | "form" | "multipart" | "binary" | "text";

function scalar(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

/** A path template (`/runs/{run_id}`) with each parameter in its place, percent-encoded, in
 * its style (RFC 6570 as OpenAPI uses it): `simple` (the default) `a,b` or `k=v,k2=v2`,
 * `label` `.a.b`, `matrix` `;id=a;id=b`; `styles` gives a parameter's style and explode where
 * they are not simple and unexploded. */
export function buildPath(
  template: string,
  values: Record<string, unknown>,
  styles: Record<string, [string, boolean]> = {},
): string {
  return template.replace(/\{([^{}]+)\}/g, (whole: string, name: string) => {
    if (!(name in values)) return whole;
    const value = values[name];
    if (value === undefined || value === null) {
      throw new TypeError(`path parameter ${JSON.stringify(name)} is missing`);
    }
    const [style, explode] = styles[name] ?? ["simple", false];
    const text = pathValue(name, value, style, explode);
    if (text === "." || text === "..") {
      // a dot segment is resolved away by URL parsing: the request would reach another path
      throw new TypeError(`path parameter ${JSON.stringify(name)} cannot be ${JSON.stringify(text)}`);
    }
    return text;
  });
}

function pathValue(name: string, value: unknown, style: string, explode: boolean): string {
  const enc = (v: unknown): string => encodeURIComponent(scalar(v));
  const prefix = style === "label" ? "." : style === "matrix" ? ";" : "";
  const named = (text: string): string => (style === "matrix" ? `${name}${text === "" ? "" : "="}${text}` : text);
  if (Array.isArray(value)) {
    if (explode && style !== "simple") return value.map((v) => prefix + named(enc(v))).join("");
    return prefix + named(value.map(enc).join(","));
  }
  if (typeof value === "object" && value !== null && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (explode) {
      const pairs = entries.map(([k, v]) => `${encodeURIComponent(k)}=${enc(v)}`);
      return style === "simple" ? pairs.join(",") : pairs.map((pair) => prefix + pair).join("");
    }
    return prefix + named(entries.flatMap(([k, v]) => [encodeURIComponent(k), enc(v)]).join(","));
  }
  return prefix + named(enc(value));
}

/** One query parameter's `name=value` pairs, by style (form, spaceDelimited, pipeDelimited,
 * deepObject) and explode. */
export function queryPairs(
  name: string,
  value: unknown,
  style: string,
  explode: boolean,
): Array<[string, string]> {
  if (value === undefined || value === null) return [];
  if (style === "deepObject") return deepPairs(name, value);
  if (Array.isArray(value)) {
    if (explode && style === "form") return value.map((v) => [name, scalar(v)]);
    const sep = style === "spaceDelimited" ? " " : style === "pipeDelimited" ? "|" : ",";
    return [[name, value.map(scalar).join(sep)]];
  }
  if (typeof value === "object" && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => v !== undefined,
    );
    if (explode) return entries.map(([k, v]) => [k, scalar(v)]);
    return [[name, entries.flatMap(([k, v]) => [k, scalar(v)]).join(",")]];
  }
  return [[name, scalar(value)]];
}

/** `deepObject`: each member named by its path, nested objects and arrays too
 * (`address[city]=…`, `line_items[0][price]=…`, as Stripe reads them). */
export function deepPairs(name: string, value: unknown): Array<[string, string]> {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((item, i) => deepPairs(`${name}[${i}]`, item));
  if (typeof value === "object" && !(value instanceof Date)) {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      deepPairs(`${name}[${k}]`, v),
    );
  }
  return [[name, scalar(value)]];
}

/** A form or multipart property's `encoding` entry, where the spec gives one. */
export interface PartSpec {
  /** The media types the spec's `encoding` allows for the part (`image/*` a range). */
  contentTypes?: readonly string[];
  /** Set when the property is serialized like a query parameter. */
  style?: string;
  explode?: boolean;
}

/** A header's or cookie's value (style simple). */
export function simpleValue(value: unknown, explode: boolean): string {
  if (Array.isArray(value)) return value.map(scalar).join(",");
  if (typeof value === "object" && value !== null && !(value instanceof Date)) {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => (explode ? `${k}=${scalar(v)}` : `${k},${scalar(v)}`))
      .join(",");
  }
  return scalar(value);
}

function isBinary(value: unknown): value is Blob | ArrayBuffer | Uint8Array {
  return (
    (typeof Blob !== "undefined" && value instanceof Blob) ||
    value instanceof ArrayBuffer ||
    value instanceof Uint8Array
  );
}

/** A stream of bytes: a web `ReadableStream`, or an async iterable of chunks (a Node stream,
 * `fs.createReadStream(path)`). */
function isStream(value: unknown): value is ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> {
  if (value === null || typeof value !== "object" || isBinary(value)) return false;
  return (
    (typeof ReadableStream !== "undefined" && value instanceof ReadableStream) || Symbol.asyncIterator in value
  );
}

/** A stream read whole into a file (named after a Node file stream's path), so every attempt
 * sends the same bytes; anything else as it is. */
async function collect(value: unknown): Promise<unknown> {
  if (!isStream(value)) return value;
  const chunks: BlobPart[] = [];
  if (value instanceof ReadableStream) {
    chunks.push(await new Response(value).arrayBuffer());
  } else {
    for await (const chunk of value) chunks.push(typeof chunk === "string" ? chunk : new Uint8Array(chunk));
  }
  const path = (value as { path?: unknown }).path;
  const name = typeof path === "string" ? (path.split(/[\\/]/).pop() ?? "") : "";
  return name !== "" && typeof File !== "undefined" ? new File(chunks, name) : new Blob(chunks);
}

/** The body with its streams read: the body itself (binary), or the fields of a multipart or
 * form body and their arrays' items. */
export async function readStreams(body: unknown, kind: BodyKind): Promise<unknown> {
  if (kind === "binary" || kind === "text") return collect(body);
  if ((kind !== "multipart" && kind !== "form") || body === null || typeof body !== "object") return body;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    out[key] = Array.isArray(value) ? await Promise.all(value.map(collect)) : await collect(value);
  }
  return out;
}

function toBlob(value: Blob | ArrayBuffer | Uint8Array): Blob {
  if (value instanceof Blob) return value;
  const bytes = value instanceof Uint8Array ? value : new Uint8Array(value);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Blob([copy.buffer]);
}

/** A name or file name in a part's `Content-Disposition`: `"`, CR and LF percent-encoded,
 * as browsers' form serializer does. */
function quoted(text: string): string {
  return `"${text.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A")}"`;
}

function boundary(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  const random = crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  return `sdkgen-${random.replace(/-/g, "")}`;
}

/** The part's declared media types that name one type (`image/*` names none). */
function declared(part: PartSpec | undefined): readonly string[] {
  return (part?.contentTypes ?? []).filter((type) => !type.includes("*"));
}

/** A multipart body written here, in the declared media type, each part named by its
 * property: a file with its file name and type, an object as JSON (`application/json` unless
 * the spec says otherwise), a scalar as text (no Content-Type: text/plain), an array's items a
 * part each; a property with a `style` like a query parameter's values, a part each. */
function multipart(
  body: unknown,
  mediaType: string,
  encoding: Record<string, PartSpec>,
): { body: BodyInit; contentType: string } {
  const mark = boundary();
  const chunks: BlobPart[] = [];
  const add = (name: string, content: BlobPart, type?: string, file?: string): void => {
    let head = `--${mark}\r\nContent-Disposition: form-data; name=${quoted(name)}`;
    if (file !== undefined) head += `; filename=${quoted(file)}`;
    if (type !== undefined) head += `\r\nContent-Type: ${type}`;
    chunks.push(`${head}\r\n\r\n`, content, "\r\n");
  };
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    const part = encoding[key];
    if (part?.style !== undefined) {
      for (const [k, v] of queryPairs(key, value, part.style, part.explode ?? true)) add(k, v);
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      if (isBinary(item)) {
        const blob = toBlob(item);
        const file = typeof File !== "undefined" && item instanceof File ? item.name : key;
        // the caller's type (a File's or Blob's own), else the spec's concrete one
        add(key, blob, blob.type || (declared(part)[0] ?? "application/octet-stream"), file);
      } else if (typeof item === "object" && item !== null && !(item instanceof Date)) {
        add(key, JSON.stringify(item), declared(part)[0] ?? "application/json");
      } else {
        const type = declared(part)[0];
        add(key, scalar(item), type !== undefined && !type.startsWith("text/plain") ? type : undefined);
      }
    }
  }
  chunks.push(`--${mark}--\r\n`);
  return { body: new Blob(chunks), contentType: `${mediaType}; boundary=${mark}` };
}

/** A form body's property: like a query parameter where its `encoding` entry has a style,
 * else by content (objects as JSON, scalars as text, an array's items each on its own). */
function formPairs(key: string, value: unknown, part: PartSpec | undefined): Array<[string, string]> {
  if (value === undefined || value === null) return [];
  if (part?.style !== undefined) return queryPairs(key, value, part.style, part.explode ?? true);
  return (Array.isArray(value) ? value : [value]).map((item): [string, string] => [
    key,
    scalar(item),
  ]);
}

/** The body to send and its content type (undefined: fetch sets it, as for multipart). */
export function encodeBody(
  body: unknown,
  kind: BodyKind,
  mediaType: string,
  encoding: Record<string, PartSpec> = {},
): { body: BodyInit; contentType: string | undefined } {
  switch (kind) {
    case "form": {
      const form = new URLSearchParams();
      for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
        for (const [k, v] of formPairs(key, value, encoding[key])) form.append(k, v);
      }
      return { body: form.toString(), contentType: mediaType };
    }
    case "multipart":
      return multipart(body, mediaType, encoding);
    case "binary":
      if (isBinary(body)) return { body: toBlob(body), contentType: mediaType };
      return { body: body as BodyInit, contentType: mediaType };
    case "text":
      return { body: String(body), contentType: mediaType };
    default:
      return { body: JSON.stringify(body), contentType: mediaType };
  }
}
