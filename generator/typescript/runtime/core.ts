/** The request loop every operation goes through: URL, parameters and credentials, the
 * body, one `fetch` per attempt with a timeout, retries with backoff, and the typed error or
 * the decoded body at the end. No dependency: the global `fetch`, `AbortController`,
 * `Headers`, `URLSearchParams` and `FormData` of Node 18+, Deno, Bun and browsers. */

import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from "./errors.js";
import {
  buildPath,
  encodeBody,
  queryPairs,
  readStreams,
  simpleValue,
  type BodyKind,
  type ParamSpec,
  type PartSpec,
} from "./serialize.js";

import { Tokens, type Credential } from "./auth.js";
import { originOf, serverOrigins, type Server } from "./servers.js";

export { buildPath };
export type { Credential } from "./auth.js";
export { selectServer, type Server } from "./servers.js";

export const DEFAULT_TIMEOUT = 60_000;
export const DEFAULT_MAX_RETRIES = 2;
const INITIAL_RETRY_DELAY = 0.5;
const MAX_RETRY_DELAY = 8;
const MAX_RETRY_AFTER = 60;
const IDEMPOTENCY_HEADER = "Idempotency-Key";

/** What every call takes last: overrides of the client's settings for this call. */
export interface RequestOptions {
  /** Milliseconds for each attempt (default: the client's, 60 s). */
  timeout?: number;
  /** Retries after the first attempt (default: the client's, 2). */
  maxRetries?: number;
  /** Headers sent with this call, over the client's. */
  headers?: Record<string, string>;
  /** Aborts the call (every attempt and the waits between them). */
  signal?: AbortSignal;
  /** The `Idempotency-Key` of this call (default: a fresh one, the same for every attempt). */
  idempotencyKey?: string;
}

export interface ClientOptions {
  /** The API's address, instead of the spec's server. */
  baseURL?: string | undefined;
  /** Milliseconds for each attempt (default 60 s). */
  timeout?: number | undefined;
  /** Retries after the first attempt (default 2). */
  maxRetries?: number | undefined;
  /** Headers sent with every call. */
  defaultHeaders?: Record<string, string> | undefined;
  /** The `fetch` to call (default: the global one). */
  fetch?: typeof fetch | undefined;
  /** Which of the spec's servers (an index; default 0), when `baseURL` is not given. */
  server?: number | undefined;
  /** Values of the chosen server's URL variables (the spec's defaults otherwise). */
  serverVariables?: Record<string, string> | undefined;
  /** Origins besides the base URL's and the spec's servers' that may see the credentials and
   * default headers (an operation's own server elsewhere gets neither otherwise). */
  allowCredentialsTo?: readonly string[] | undefined;
}

/** One operation's request, as a generated method describes it. */
export interface Call {
  method: string;
  path: string;
  /** A whole URL instead of `path` (a `Link` header's next page): of the API's own origin. */
  url?: string | undefined;
  /** The operation's own server, used when the client's base URL came from the spec. */
  server?: string | undefined;
  /** The object of query, header and cookie parameters, by wire name. */
  params?: Record<string, unknown> | undefined;
  where?: ParamSpec | undefined;
  body?: unknown;
  bodyKind?: BodyKind | undefined;
  mediaType?: string | undefined;
  /** A form or multipart body's `encoding`, by property. */
  encoding?: Record<string, PartSpec> | undefined;
  /** What the response is decoded as ("stream": not read; the caller reads the body). */
  expect?: "json" | "text" | "binary" | "none" | "stream" | undefined;
  /** The `Accept` header (a streaming operation's media type). */
  accept?: string | undefined;
  /** The credentials that may authorize it (the client holds which are set). */
  security?: ReadonlyArray<ReadonlyArray<string>> | undefined;
  /** A fresh idempotency key unless the caller gives one (methods that are not idempotent). */
  idempotent?: boolean | undefined;
}

/** A response as it came: for pages, polling and raw access. */
export interface RawResult<T> {
  data: T;
  response: Response;
}

/** An operation's result: `await` it for the decoded body, or `.withResponse()` for the body
 * and the `Response` it came in (status, headers; its body already read). The request is sent
 * when the method is called, as a promise's would be. */
export class APIPromise<T> implements Promise<T> {
  readonly #raw: Promise<RawResult<T>>;

  constructor(raw: Promise<RawResult<T>>) {
    this.#raw = raw;
  }

  /** The decoded body with the response it came in. */
  withResponse(): Promise<RawResult<T>> {
    return this.#raw;
  }

  then<A = T, B = never>(
    onfulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#raw.then((raw) => raw.data).then(onfulfilled, onrejected);
  }

  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.then(undefined, onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }

  get [Symbol.toStringTag](): string {
    return "APIPromise";
  }
}

function env(name: string): string | undefined {
  const process = (globalThis as { process?: { env?: Record<string, string | undefined> } })
    .process;
  const value = process?.env?.[name];
  return value === undefined || value === "" ? undefined : value;
}

/** A setting from the constructor, else from the environment; an empty string is none. */
export function fromEnv(given: string | undefined, name: string): string | undefined {
  return given !== undefined && given !== "" ? given : env(name);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new APIUserAbortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new APIUserAbortError());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function retryAfter(headers: Headers): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && !Number.isNaN(Number(ms))) return Number(ms) / 1000;
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  if (!Number.isNaN(Number(value))) return Number(value);
  const when = Date.parse(value);
  return Number.isNaN(when) ? undefined : (when - Date.now()) / 1000;
}

/** Seconds before retry number `attempt` (1-based): the server's `retry-after-ms` or
 * `Retry-After` up to 60 s, else 0.5 s doubled each time up to 8 s, less up to 25% jitter. */
export function retryDelay(attempt: number, headers: Headers | undefined): number {
  const after = headers === undefined ? undefined : retryAfter(headers);
  if (after !== undefined && after >= 0 && after <= MAX_RETRY_AFTER) return after;
  const delay = Math.min(INITIAL_RETRY_DELAY * 2 ** (attempt - 1), MAX_RETRY_DELAY);
  return delay * (1 - 0.25 * Math.random());
}

/** 408, 409, 429 and 5xx are retried, unless the server's `x-should-retry` says otherwise. */
export function shouldRetry(response: Response): boolean {
  const override = response.headers.get("x-should-retry");
  if (override === "true") return true;
  if (override === "false") return false;
  const status = response.status;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

function idempotencyKey(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (crypto?.randomUUID) return `sdkgen-${crypto.randomUUID()}`;
  return `sdkgen-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

async function decode(response: Response, expect: Call["expect"]): Promise<unknown> {
  if (expect === "none" || response.status === 204 || response.status === 205) {
    return undefined;
  }
  if (expect === "binary") return response.blob();
  const text = await response.text();
  const type = response.headers.get("content-type") ?? "";
  if (expect === "text" && !/[/+]json\b/.test(type)) return text;
  if (text === "") return undefined;
  if (/[/+]json\b/.test(type) || expect === "json") {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

export abstract class BaseClient {
  readonly baseURL: string;
  readonly timeout: number;
  readonly maxRetries: number;
  protected readonly defaultHeaders: Record<string, string>;
  readonly #fetch: typeof fetch;

  /** Whether the base URL came from the spec's servers (an operation's own server applies). */
  readonly #fromSpec: boolean;
  /** The origins credentials and default headers may go to. */
  readonly #trusted: Set<string>;
  /** OAuth 2 tokens fetched with the client's id and secret. */
  readonly #tokens = new Tokens();

  constructor(
    options: ClientOptions,
    baseURL: string,
    userAgent: string,
    servers: readonly Server[],
    fromSpec: boolean,
  ) {
    this.baseURL = baseURL.replace(/\/+$/, "");
    this.#fromSpec = fromSpec;
    const allowed = (options.allowCredentialsTo ?? []).map((url) => {
      const found = originOf(url);
      if (found === undefined) {
        throw new TypeError(`allowCredentialsTo takes http(s) origins such as https://api.example.com, not ${url}`);
      }
      return found;
    });
    this.#trusted = new Set([originOf(this.baseURL) ?? "", ...serverOrigins(servers), ...allowed]);
    this.timeout = options.timeout ?? DEFAULT_TIMEOUT;
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.defaultHeaders = { "User-Agent": userAgent, ...options.defaultHeaders };
    const found = options.fetch ?? (globalThis as { fetch?: typeof fetch }).fetch;
    if (found === undefined) {
      throw new TypeError("no fetch: pass `fetch` to the client (Node 18+ has one)");
    }
    this.#fetch = found;
  }

  /** The credentials this client holds, by security scheme. */
  protected abstract _credentials(): Record<string, Credential[] | undefined>;

  /** Where each scheme's credential goes (`header:<name>`, `query:<name>`), by scheme. */
  protected _carriers(): Record<string, string> {
    return {};
  }

  /** The decoded body of a successful response (its `APIError` otherwise); `.withResponse()`
   * on the result gives the response too. */
  request<T>(call: Call, options?: RequestOptions): APIPromise<T> {
    return new APIPromise(this.requestRaw<T>(call, options));
  }

  /** The decoded body with the response it came in. */
  async requestRaw<T>(call: Call, options: RequestOptions = {}): Promise<RawResult<T>> {
    const url = this.#urlOf(call);
    // an operation's own server elsewhere gets neither the credentials nor the default headers
    const trusted = this.#trusted.has(url.origin);
    const headers = new Headers(trusted ? this.defaultHeaders : { "User-Agent": this.defaultHeaders["User-Agent"] ?? "" });
    const cookies: string[] = [];
    for (const [name, value] of Object.entries(call.params ?? {})) {
      const where = call.where?.[name];
      if (where === undefined || value === undefined || value === null) continue;
      const [location, style, explode] = where;
      if (location === "query") {
        for (const [k, v] of queryPairs(name, value, style, explode)) {
          url.searchParams.append(k, v);
        }
      } else if (location === "header") {
        headers.set(name, simpleValue(value, explode));
      } else {
        cookies.push(`${name}=${encodeURIComponent(simpleValue(value, explode))}`);
      }
    }
    const fetched = trusted ? await this.#authorize(call, url, headers, cookies, options) : [];
    if (cookies.length > 0) headers.set("Cookie", cookies.join("; "));
    let body: BodyInit | undefined;
    if (call.body !== undefined && call.bodyKind !== undefined) {
      const encoded = encodeBody(
        await readStreams(call.body, call.bodyKind),
        call.bodyKind,
        call.mediaType ?? "application/json",
        call.encoding,
      );
      body = encoded.body;
      if (encoded.contentType !== undefined) headers.set("Content-Type", encoded.contentType);
    }
    if (call.idempotent === false || options.idempotencyKey !== undefined) {
      headers.set(IDEMPOTENCY_HEADER, options.idempotencyKey ?? idempotencyKey());
    }
    if (call.accept !== undefined) headers.set("Accept", call.accept);
    for (const [k, v] of Object.entries(options.headers ?? {})) headers.set(k, v);
    const init: RequestInit = { method: call.method.toUpperCase(), headers };
    if (body !== undefined) init.body = body;
    let response = await this.#send(url.toString(), init, options);
    if (response.status === 401 && this.#tokens.drop(fetched)) {
      // a fetched token the server no longer takes: once more with a new one
      await response.body?.cancel();
      await this.#authorize(call, url, headers, cookies, options);
      response = await this.#send(url.toString(), init, options);
    }
    if (!response.ok) {
      const data = await decode(response, "json");
      throw APIError.of(response.status, data, response.headers);
    }
    if (call.expect === "stream") return { data: undefined as T, response };
    return { data: (await decode(response, call.expect)) as T, response };
  }

  #urlOf(call: Call): URL {
    const base = call.server !== undefined && this.#fromSpec ? call.server.replace(/\/+$/, "") : this.baseURL;
    if (call.url === undefined) return new URL(base + call.path);
    const url = new URL(call.url, base + "/");
    if (url.origin !== new URL(base).origin) {
      // the credentials are the API's: a link to another origin is not followed with them
      throw new TypeError(`the next page is on another origin (${url.origin}); not followed`);
    }
    return url;
  }

  /** Puts the credentials of the first alternative the client holds on the request; the keys
   * of the schemes whose token it fetched (OAuth 2 client credentials). */
  async #authorize(
    call: Call,
    url: URL,
    headers: Headers,
    cookies: string[],
    options: RequestOptions,
  ): Promise<string[]> {
    const alternatives = call.security ?? [];
    if (alternatives.length === 0) return [];
    const held = this._credentials();
    const carriers = this._carriers();
    const given = new Headers(headers);
    for (const [k, v] of Object.entries(options.headers ?? {})) given.set(k, v);
    // a scheme is met by its credential, by the header or query parameter that carries it when
    // the caller gave that, or when the SDK cannot hold it (the caller's own affair: mutual TLS)
    const carried = (key: string): boolean => {
      const [where, name] = (carriers[key] ?? ":").split(":") as [string, string];
      return where === "header" ? given.has(name) : where === "query" && url.searchParams.has(name);
    };
    const met = (key: string): boolean => !(key in held) || held[key] !== undefined || carried(key);
    const chosen = alternatives.find((keys) => keys.every(met));
    if (chosen === undefined) {
      const wanted = alternatives.map((keys) => keys.join(" + ") || "none").join(" or ");
      throw new TypeError(`this call needs credentials (${wanted}); none is set on the client`);
    }
    const fetched: string[] = [];
    for (const key of chosen) {
      for (const credential of held[key] ?? []) {
        if (credential.in === "oauth2") {
          const send = (to: string, init: RequestInit): Promise<Response> => this.#send(to, init, options);
          const token = await this.#tokens.get(key, credential, this.baseURL, send);
          headers.set("Authorization", `Bearer ${token}`);
          fetched.push(key);
        } else if (credential.in === "header") headers.set(credential.name, credential.value);
        else if (credential.in === "query") url.searchParams.set(credential.name, credential.value);
        else cookies.push(`${credential.name}=${encodeURIComponent(credential.value)}`);
      }
    }
    return fetched;
  }

  /** One attempt after another until a response that is not retried, or the last one. */
  async #send(url: string, init: RequestInit, options: RequestOptions): Promise<Response> {
    const retries = options.maxRetries ?? this.maxRetries;
    const timeout = options.timeout ?? this.timeout;
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= retries;
      let response: Response;
      try {
        response = await this.#attempt(url, init, timeout, options.signal);
      } catch (error) {
        if (error instanceof APIUserAbortError || last) throw error;
        await sleep(retryDelay(attempt + 1, undefined) * 1000, options.signal);
        continue;
      }
      if (last || response.ok || !shouldRetry(response)) return response;
      await response.body?.cancel();
      await sleep(retryDelay(attempt + 1, response.headers) * 1000, options.signal);
    }
  }

  async #attempt(
    url: string,
    init: RequestInit,
    timeout: number,
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    if (signal?.aborted) throw new APIUserAbortError();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeout);
    const onAbort = (): void => controller.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      return await this.#fetch(url, { ...init, signal: controller.signal });
    } catch (error) {
      if (signal?.aborted) throw new APIUserAbortError();
      if (timedOut) throw new APIConnectionTimeoutError();
      throw new APIConnectionError(undefined, error);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }
}
