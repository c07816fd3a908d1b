/**
 * The one error shape of the repo. Anything a user or client did wrong is a `DaiError` with a
 * 4xx status; the API maps it to `application/problem+json` (RFC 9457) and the CLI prints its
 * one-line message. Anything else is a bug and becomes a 500 / exit code 70 without leaking internals.
 *
 * @example
 * throw new DaiError("invalid_query", "limit: expected integer 1–500, got \"abc\"", { status: 400, field: "limit" });
 */
export class DaiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly field: string | undefined;
  readonly details: readonly ProblemDetail[] | undefined;

  constructor(
    code: string,
    message: string,
    options: { status?: number; field?: string; details?: readonly ProblemDetail[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DaiError";
    this.code = code;
    this.status = options.status ?? 400;
    this.field = options.field;
    this.details = options.details;
  }
}

/** One located problem inside a larger input: a JSON path, a line, an env var name. */
export interface ProblemDetail {
  /** Where: a JSON path (`systems.autoProfiling.threshold`), `line 12`, or an env var name. */
  readonly path: string;
  readonly message: string;
}

/** RFC 9457 problem document as the API sends it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  errors?: readonly ProblemDetail[];
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** Converts any thrown value to a problem document; non-`DaiError`s never expose their message. */
export function toProblem(error: unknown, instance?: string): Problem {
  if (error instanceof DaiError) {
    const problem: Problem = {
      type: `https://dealershipai.dev/problems/${error.code}`,
      title: TITLES[error.status] ?? "Error",
      status: error.status,
      detail: error.message,
      code: error.code,
    };
    if (instance !== undefined) problem.instance = instance;
    if (error.details !== undefined) problem.errors = error.details;
    return problem;
  }
  const problem: Problem = {
    type: "https://dealershipai.dev/problems/internal",
    title: TITLES[500] as string,
    status: 500,
    detail: "An unexpected error occurred; it has been logged.",
    code: "internal",
  };
  if (instance !== undefined) problem.instance = instance;
  return problem;
}

/** True for errors a user caused (bad input, missing file), which deserve a message, not a stack. */
export function isUserError(error: unknown): error is DaiError {
  return error instanceof DaiError && error.status < 500;
}
