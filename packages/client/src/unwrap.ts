import { ApiError } from './errors.ts';

/** What an openapi-fetch call resolves to: the parsed body as `data` on success, as `error` otherwise. */
export interface ApiResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * The result's data, or an ApiError (with the server's code and request id) for an error answer. A
 * success without a body (204) gives undefined.
 */
export function unwrap<Result extends ApiResult>(result: Result): Exclude<Result['data'], undefined> {
  if (result.error !== undefined || !result.response.ok)
    throw new ApiError(result.response.status, result.error);
  return result.data as Exclude<Result['data'], undefined>;
}
