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

/** A path template (`/runs/{run_id}`) with each parameter percent-encoded in its place. */
export function buildPath(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{([^{}]+)\}/g, (whole: string, name: string) => {
    if (!(name in values)) return whole;
    const value = values[name];
    if (value === undefined || value === null) {
      throw new TypeError(`path parameter ${JSON.stringify(name)} is missing`);
    }
    const text = Array.isArray(value)
      ? value.map(scalar).join(",")
      : typeof value === "object" && !(value instanceof Date)
        ? Object.entries(value as Record<string, unknown>)
            .map(([k, v]) => `${k},${scalar(v)}`)
            .join(",")
        : scalar(value);
    return encodeURIComponent(text);
  });
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
  if (Array.isArray(value)) {
    if (explode && style === "form") return value.map((v) => [name, scalar(v)]);
    const sep = style === "spaceDelimited" ? " " : style === "pipeDelimited" ? "|" : ",";
    return [[name, value.map(scalar).join(sep)]];
  }
  if (typeof value === "object" && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => v !== undefined,
    );
    if (style === "deepObject") {
      return entries.flatMap(([k, v]) =>
        Array.isArray(v)
          ? v.map((item): [string, string] => [`${name}[${k}]`, scalar(item)])
          : [[`${name}[${k}]`, scalar(v)] as [string, string]],
      );
    }
    if (explode) return entries.map(([k, v]) => [k, scalar(v)]);
    return [[name, entries.flatMap(([k, v]) => [k, scalar(v)]).join(",")]];
  }
  return [[name, scalar(value)]];
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

function toBlob(value: Blob | ArrayBuffer | Uint8Array): Blob {
  if (value instanceof Blob) return value;
  const bytes = value instanceof Uint8Array ? value : new Uint8Array(value);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Blob([copy.buffer]);
}

/** The body to send and its content type (undefined: fetch sets it, as for multipart). */
export function encodeBody(
  body: unknown,
  kind: BodyKind,
  mediaType: string,
): { body: BodyInit; contentType: string | undefined } {
  switch (kind) {
    case "form": {
      const form = new URLSearchParams();
      for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
        for (const [k, v] of queryPairs(key, value, "form", true)) form.append(k, v);
      }
      return { body: form.toString(), contentType: mediaType };
    }
    case "multipart": {
      const form = new FormData();
      for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
        if (value === undefined || value === null) continue;
        const items = Array.isArray(value) && value.some(isBinary) ? value : [value];
        for (const item of items) {
          if (isBinary(item)) {
            const name = typeof File !== "undefined" && item instanceof File ? item.name : key;
            form.append(key, toBlob(item), name);
          } else {
            form.append(key, typeof item === "string" ? item : JSON.stringify(item));
          }
        }
      }
      return { body: form, contentType: undefined };
    }
    case "binary":
      if (isBinary(body)) return { body: toBlob(body), contentType: mediaType };
      return { body: body as BodyInit, contentType: mediaType };
    case "text":
      return { body: String(body), contentType: mediaType };
    default:
      return { body: JSON.stringify(body), contentType: mediaType };
  }
}
