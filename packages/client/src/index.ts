// The typed API client and SSE subscription come with the realtime issue; the REST API's OpenAPI
// document at /api/v1/openapi.json is what it will be generated from.
export {};
