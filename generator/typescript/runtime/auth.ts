/** Credentials as a request carries them, and OAuth 2 client credentials (RFC 6749 section
 * 4.4): a token is asked for when the client has none or the one it has expires within 30 s,
 * one request at a time per scheme, and dropped after a 401 so the next call asks again. */

import { APIError, SDKError } from "./errors.js";

const TOKEN_LEEWAY = 30_000;

/** A credential as the request carries it: a value in a header, the query or a cookie, or a
 * client id and secret to exchange for a bearer token at `tokenUrl`. */
export type Credential =
  | { in: "header" | "query" | "cookie"; name: string; value: string }
  | {
      in: "oauth2";
      tokenUrl: string;
      scopes: readonly string[];
      clientId: string;
      clientSecret: string;
    };

interface Token {
  value: string;
  /** Milliseconds since the epoch; undefined when the token did not say. */
  expiresAt: number | undefined;
}

/** The tokens fetched for a client, by security scheme. */
export class Tokens {
  readonly #held = new Map<string, Promise<Token>>();

  /** The scheme's token: the one held while it is fresh, else a new one from `send`. */
  async get(
    key: string,
    credential: Extract<Credential, { in: "oauth2" }>,
    baseURL: string,
    send: (url: string, init: RequestInit) => Promise<Response>,
  ): Promise<string> {
    const held = this.#held.get(key);
    if (held !== undefined) {
      const token = await held.catch(() => undefined);
      if (token !== undefined && (token.expiresAt === undefined || Date.now() < token.expiresAt - TOKEN_LEEWAY)) {
        return token.value;
      }
      if (this.#held.get(key) !== held) return this.get(key, credential, baseURL, send);
    }
    const asked = ask(credential, baseURL, send);
    this.#held.set(key, asked);
    asked.catch(() => {
      if (this.#held.get(key) === asked) this.#held.delete(key);
    });
    return (await asked).value;
  }

  /** Forget the tokens of `keys` (after a 401); true when one was held. */
  drop(keys: readonly string[]): boolean {
    return keys.map((key) => this.#held.delete(key)).some(Boolean);
  }
}

async function ask(
  credential: Extract<Credential, { in: "oauth2" }>,
  baseURL: string,
  send: (url: string, init: RequestInit) => Promise<Response>,
): Promise<Token> {
  const form = new URLSearchParams({ grant_type: "client_credentials" });
  if (credential.scopes.length > 0) form.set("scope", credential.scopes.join(" "));
  const secret = btoa(`${credential.clientId}:${credential.clientSecret}`);
  const response = await send(new URL(credential.tokenUrl, baseURL + "/").toString(), {
    method: "POST",
    headers: {
      Authorization: `Basic ${secret}`,
      Accept: "application/json",
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: form.toString(),
  });
  const text = await response.text();
  let data: unknown = text;
  try {
    data = JSON.parse(text) as unknown;
  } catch {
    // not JSON: kept as text for the error
  }
  if (!response.ok) throw APIError.of(response.status, data, response.headers);
  const fields = (data !== null && typeof data === "object" ? data : {}) as Record<string, unknown>;
  const token = fields["access_token"];
  if (typeof token !== "string" || token === "") {
    throw new SDKError("the token endpoint answered without an access_token");
  }
  const expiresIn = fields["expires_in"];
  return {
    value: token,
    expiresAt: typeof expiresIn === "number" ? Date.now() + expiresIn * 1000 : undefined,
  };
}
