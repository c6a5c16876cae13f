// A call's abort switch, flipped when the client leaves, the deadline passes or this process is
// fenced. An EventEmitter, which undici takes as a request's signal just like an AbortSignal:
// Node's AbortController (an EventTarget) cost ~5 us a call to create and listen to, for a
// switch that almost never flips.
import { EventEmitter } from "node:events";

export class CallAbort extends EventEmitter<{ abort: [] }> {
  aborted = false;
  /** Why, once aborted: what undici rejects the upstream request with. */
  reason: unknown = undefined;

  abort(reason: unknown = new Error("The call was aborted.")): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit("abort");
  }
}
