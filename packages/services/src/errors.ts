export type ServiceErrorCode =
  | "NOT_FOUND"
  | "CONFLICT"
  | "INVALID_INPUT"
  | "FORBIDDEN"
  | "RATE_LIMITED";

/** An expected failure of a service verb; each edge maps the code to its transport's errors. */
export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}
