/** A bad environment variable stops the console at boot, named, instead of 500ing every request. */
export async function checkEnvironment(): Promise<void> {
  try {
    await import("./env.ts");
    // SMTP_URL and MAIL_FROM are read by @relay/services, where every email is sent from.
    (await import("@relay/services/mail-settings")).mailSettings();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
