/** The spec's servers: the one the client is built for (an index and its URL variables), and
 * the origins that may see the client's credentials. */

/** A server of the spec: a URL template and its variables (default, allowed values). */
export interface Server {
  url: string;
  variables?: Record<string, { default: string; enum?: readonly string[] }>;
}

function fill(server: Server, values: Record<string, string>): string {
  let url = server.url;
  for (const [name, variable] of Object.entries(server.variables ?? {})) {
    url = url.split(`{${name}}`).join(values[name] ?? variable.default);
  }
  return url;
}

export function originOf(url: string): string | undefined {
  try {
    const found = new URL(url);
    return /^https?:$/.test(found.protocol) ? found.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The origins of the spec's servers, with every value their variables allow. */
export function serverOrigins(servers: readonly Server[]): string[] {
  const urls = servers.flatMap((server) => [
    fill(server, {}),
    ...Object.entries(server.variables ?? {}).flatMap(([name, v]) =>
      (v.enum ?? []).map((value) => fill(server, { [name]: value })),
    ),
  ]);
  return urls.map(originOf).filter((o): o is string => o !== undefined);
}

/** The URL of `servers[index]` with `values` filled in; undefined when the spec has none. */
export function selectServer(
  servers: readonly Server[],
  index: number,
  values: Record<string, string> | undefined,
): string | undefined {
  const given = values ?? {};
  if (servers.length === 0) {
    if (Object.keys(given).length > 0) {
      throw new TypeError("serverVariables given, but the spec lists no servers");
    }
    return undefined;
  }
  const server = servers[index];
  if (server === undefined || !Number.isInteger(index)) {
    throw new RangeError(`server must be an index from 0 to ${servers.length - 1}, not ${index}`);
  }
  const variables = server.variables ?? {};
  const unknown = Object.keys(given).filter((name) => !Object.hasOwn(variables, name));
  if (unknown.length > 0) {
    const known = Object.keys(variables).join(", ") || "none";
    throw new TypeError(`unknown server variable(s) ${unknown.join(", ")}; this server has ${known}`);
  }
  for (const [name, variable] of Object.entries(variables)) {
    const value = given[name] ?? variable.default;
    if (variable.enum !== undefined && variable.enum.length > 0 && !variable.enum.includes(value)) {
      throw new TypeError(`server variable ${name} must be one of ${variable.enum.join(", ")}, not ${value}`);
    }
  }
  const url = fill(server, given);
  if (!/^https?:\/\//i.test(url)) {
    throw new TypeError(`server ${index} is not an absolute http(s) URL (${url}): pass baseURL`);
  }
  return url;
}
