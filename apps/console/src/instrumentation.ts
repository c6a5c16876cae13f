// Runs once when the server starts. Node-only code sits in its own file so the Edge build of
// this hook never sees it (Next replaces NEXT_RUNTIME at build time).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkEnvironment } = await import("./instrumentation-node.ts");
    await checkEnvironment();
  }
}
