/** Lists that come in pages: `await` a call for its first page, or `for await` over it for
 * every item of every page. The next page's request is the same call with the page parameter
 * advanced, as the spec's shape says (cursor, an item's id, offset, page number, or a `Link`
 * header). */

import type { BaseClient, Call, RequestOptions } from "./core.js";

/** How an operation's pages follow one another (inferred from the spec). */
export interface Paging {
  kind: "cursor" | "cursor_id" | "offset" | "page" | "link";
  /** The response's array of items; "" when the body is the array. */
  itemsField: string;
  /** The query parameter that selects the page. */
  param: string;
  cursorField: string;
  limitParam: string;
  itemIdField: string;
  hasMoreField: string;
}

function field(data: unknown, name: string): unknown {
  return data !== null && typeof data === "object" && !Array.isArray(data)
    ? (data as Record<string, unknown>)[name]
    : undefined;
}

function nextLink(headers: Headers): string | undefined {
  // each link is `<url>; param; rel="next"`: the URL may hold commas, the parameters no `<`
  for (const match of (headers.get("link") ?? "").matchAll(/<([^>]*)>([^<]*)/g)) {
    if (/;\s*rel="?(?:[^";,]*\s)?next(?:\s[^";,]*)?"?\s*(?:[;,]|$)/i.test(match[2] ?? "")) return match[1];
  }
  return undefined;
}

/** One page: its items, the response body as decoded, and the way to the next one. */
export class Page<Item, Body = unknown> implements AsyncIterable<Item> {
  readonly items: Item[];

  constructor(
    private readonly client: BaseClient,
    private readonly call: Call,
    private readonly paging: Paging,
    private readonly options: RequestOptions | undefined,
    /** The response body, as decoded. */
    readonly body: Body,
    /** The response's headers. */
    readonly headers: Headers,
  ) {
    const items = paging.itemsField === "" ? body : field(body, paging.itemsField);
    this.items = Array.isArray(items) ? (items as Item[]) : [];
  }

  /** The call of the next page; undefined on the last one. */
  private nextCall(): Call | undefined {
    const { kind, param } = this.paging;
    const params = { ...this.call.params };
    if (kind === "link") {
      const link = nextLink(this.headers);
      return link === undefined ? undefined : { ...this.call, url: link, params: {} };
    }
    if (this.items.length === 0) return undefined;
    const more = this.paging.hasMoreField ? field(this.body, this.paging.hasMoreField) : true;
    if (more === false) return undefined;
    if (kind === "cursor") {
      const cursor = field(this.body, this.paging.cursorField);
      if (cursor === undefined || cursor === null || cursor === "") return undefined;
      params[param] = cursor;
    } else if (kind === "cursor_id") {
      const id = field(this.items[this.items.length - 1], this.paging.itemIdField);
      if (id === undefined || id === null || id === "") return undefined;
      params[param] = id;
    } else if (kind === "offset") {
      params[param] = Number(params[param] ?? 0) + this.items.length;
    } else {
      params[param] = Number(params[param] ?? 1) + 1;
    }
    return { ...this.call, params };
  }

  hasNextPage(): boolean {
    return this.nextCall() !== undefined;
  }

  /** The next page; throws on the last one (check `hasNextPage()` first). */
  async getNextPage(): Promise<Page<Item, Body>> {
    const call = this.nextCall();
    if (call === undefined) throw new Error("no next page: check hasNextPage() first");
    return fetchPage<Item, Body>(this.client, call, this.paging, this.options);
  }

  /** This page and every one after it. */
  async *iterPages(): AsyncGenerator<Page<Item, Body>> {
    let page: Page<Item, Body> = this;
    for (;;) {
      yield page;
      if (!page.hasNextPage()) return;
      page = await page.getNextPage();
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item> {
    for await (const page of this.iterPages()) yield* page.items;
  }
}

async function fetchPage<Item, Body>(
  client: BaseClient,
  call: Call,
  paging: Paging,
  options: RequestOptions | undefined,
): Promise<Page<Item, Body>> {
  const { data, response } = await client.requestRaw<Body>(call, options);
  return new Page<Item, Body>(client, call, paging, options, data, response.headers);
}

/** A paginated call: `await` it for the first page, `for await` over it for every item. */
export class PagePromise<Item, Body = unknown>
  implements PromiseLike<Page<Item, Body>>, AsyncIterable<Item>
{
  private readonly first: Promise<Page<Item, Body>>;

  constructor(client: BaseClient, call: Call, paging: Paging, options?: RequestOptions) {
    this.first = fetchPage<Item, Body>(client, call, paging, options);
  }

  then<A = Page<Item, Body>, B = never>(
    onfulfilled?: ((value: Page<Item, Body>) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.first.then(onfulfilled, onrejected);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item> {
    const page = await this.first;
    yield* page;
  }
}
