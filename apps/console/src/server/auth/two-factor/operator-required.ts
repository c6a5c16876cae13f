import { getDb } from "@relay/db";
import { getOperatorTwoFactorRequired } from "@relay/services";

/** With "require two-factor for operators" on, an operator without it sets it up first. */
export async function mustEnrollTwoFactor(userId: string): Promise<boolean> {
  const db = getDb();
  if (!(await getOperatorTwoFactorRequired({ ctx: { db } }))) return false;
  const user = await db.user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true } });
  return !user?.totpEnabledAt;
}
