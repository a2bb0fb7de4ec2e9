/** The errors every call may throw: a response with an error status (a class per common
 * status, carrying `status`, `headers` and the decoded body), a connection that failed, a
 * timeout, or the caller's own abort. */

export class SDKError extends Error {
  override readonly name: string = "SDKError";
}

export class APIError extends SDKError {
  override readonly name: string = "APIError";
  /** The HTTP status; undefined when no response came (connection errors). */
  readonly status: number | undefined;
  /** The response's headers. */
  readonly headers: Headers | undefined;
  /** The response body: decoded JSON, or the text when it is not JSON. */
  readonly body: unknown;

  constructor(
    status: number | undefined,
    body: unknown,
    message: string,
    headers: Headers | undefined,
  ) {
    super(message);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }

  /** The request id the server gave the response, if any. */
  get requestId(): string | null {
    for (const [name, value] of this.headers ?? []) {
      // x-request-id, request-id, and an API's own (x-github-request-id, x-amzn-requestid)
      if (/(^|-)request-?id$/i.test(name)) return value;
    }
    return null;
  }

  static of(status: number, body: unknown, headers: Headers): APIError {
    const message = errorMessage(status, body);
    const Class =
      STATUS_ERRORS[status] ?? (status >= 500 ? InternalServerError : APIError);
    return new Class(status, body, message, headers);
  }
}

export class BadRequestError extends APIError {
  override readonly name: string = "BadRequestError";
}
export class AuthenticationError extends APIError {
  override readonly name: string = "AuthenticationError";
}
export class PermissionDeniedError extends APIError {
  override readonly name: string = "PermissionDeniedError";
}
export class NotFoundError extends APIError {
  override readonly name: string = "NotFoundError";
}
export class ConflictError extends APIError {
  override readonly name: string = "ConflictError";
}
export class UnprocessableEntityError extends APIError {
  override readonly name: string = "UnprocessableEntityError";
}
export class RateLimitError extends APIError {
  override readonly name: string = "RateLimitError";
}
export class InternalServerError extends APIError {
  override readonly name: string = "InternalServerError";
}

/** No response: the connection failed (DNS, refused, reset). `cause` holds fetch's error. */
export class APIConnectionError extends APIError {
  override readonly name: string = "APIConnectionError";
  constructor(message = "Connection error.", cause?: unknown) {
    super(undefined, undefined, message, undefined);
    if (cause !== undefined) {
      Object.defineProperty(this, "cause", { value: cause, enumerable: false });
    }
  }
}

/** No response within the timeout, on the last attempt. */
export class APIConnectionTimeoutError extends APIConnectionError {
  override readonly name: string = "APIConnectionTimeoutError";
  constructor(message = "Request timed out.") {
    super(message);
  }
}

/** The caller's `signal` aborted the call. */
export class APIUserAbortError extends APIError {
  override readonly name: string = "APIUserAbortError";
  constructor(message = "Request was aborted.") {
    super(undefined, undefined, message, undefined);
  }
}

type ErrorClass = new (
  status: number | undefined,
  body: unknown,
  message: string,
  headers: Headers | undefined,
) => APIError;

const STATUS_ERRORS: Record<number, ErrorClass> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

function errorMessage(status: number, body: unknown): string {
  let detail = "";
  if (typeof body === "string") {
    detail = body;
  } else if (body !== null && typeof body === "object") {
    const record = body as Record<string, unknown>;
    const nested = record["error"];
    const inner =
      nested !== null && typeof nested === "object" ? (nested as Record<string, unknown>)["message"] : undefined;
    // `{message}`, `{error: {message}}` (Stripe, OpenAI), `{error: "…"}`, `{detail}` (RFC 9457)
    const found = typeof inner === "string" ? inner : (record["message"] ?? record["error"] ?? record["detail"]);
    detail =
      typeof found === "string"
        ? found
        : found !== undefined
          ? JSON.stringify(found)
          : JSON.stringify(body);
  }
  detail = detail.length > 500 ? `${detail.slice(0, 500)}…` : detail;
  return detail ? `${status} ${detail}` : `${status} status code (no body)`;
}
