/** A bad environment variable stops the console at boot, named, instead of 500ing every request. */
export async function checkEnvironment(): Promise<void> {
  try {
    // The whole environment, mail and the credential key included, is validated in env.ts.
    await import("./env.ts");
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
