import { type NextRequest, NextResponse } from "next/server";
import { REQUEST_PATH_HEADER } from "./lib/request-path.ts";

/**
 * Tells the signed-in-only layouts which page was asked for, so a signed-out deep link goes to
 * sign-in with that page as its callbackUrl (layouts cannot read the URL themselves). Set here,
 * over anything the client sent under the same name.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(REQUEST_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/console/:path*", "/operator/:path*", "/account"] };
