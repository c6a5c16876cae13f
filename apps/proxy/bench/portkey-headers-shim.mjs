// Loaded into the Portkey gateway with --import. Portkey 1.15.2 on Node answers every streamed
// chat completion with 500 "Something went wrong" ("TypeError: immutable"): @hono/node-server's
// Response wrapper keeps the upstream fetch Response's immutable Headers, which Portkey then
// appends to (Portkey-AI/gateway#1389, #1550). Copying the headers of every upstream response
// into a fresh Response works around it at the cost of one small allocation per call.
const nativeFetch = globalThis.fetch;
const NativeResponse = globalThis.Response;

globalThis.fetch = async (input, init) => {
  const response = await nativeFetch(input, init);
  return new NativeResponse(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: new Headers(response.headers),
  });
};
