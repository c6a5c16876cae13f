"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Modal } from "@/components/shared/modal.tsx";
import { buttonDanger, buttonSecondary, Skeleton } from "@/components/shared/ui.tsx";
import { useI18n } from "@/i18n/client.tsx";
import { useTRPC } from "@/trpc/client.tsx";
import { errorCode, type Role } from "./shared.ts";

/** The members and their roles; owners change roles and remove people (never the last owner). */
export function MembersCard({
  tenantId,
  myRole,
  myUserId,
}: {
  tenantId: string;
  myRole: Role;
  myUserId: string;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.settings.members.queryOptions({ tenantId }));
  const [removing, setRemoving] = useState<{ userId: string; email: string }>();
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.settings.members.queryKey({ tenantId }) });
  const changeRole = useMutation(trpc.settings.changeRole.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(
    trpc.settings.removeMember.mutationOptions({
      onSuccess: async () => {
        await refresh();
        setRemoving(undefined);
      },
    }),
  );
  const isOwner = myRole === "OWNER";
  const problem = (error: unknown) =>
    errorCode(error) === "CONFLICT" ? t.dev.settings.lastOwner : t.auth.errors.generic;

  return (
    <section
      className="rounded-2xl border border-white/10 bg-white/[0.03]"
      aria-labelledby="settings-members"
    >
      <h2 id="settings-members" className="px-5 pt-5 font-semibold text-white sm:px-6">
        {t.dev.settings.membersTitle}
      </h2>
      {changeRole.isError && (
        <p role="alert" className="px-5 pt-2 text-sm text-rose-300 sm:px-6">
          {problem(changeRole.error)}
        </p>
      )}
      {members.isPending ? (
        <div className="space-y-2 p-5">
          <Skeleton className="h-10" />
          <Skeleton className="h-10" />
        </div>
      ) : members.isError ? (
        <p className="p-5 text-sm text-rose-300">{t.common.errorTitle}</p>
      ) : (
        <ul className="mt-3 divide-y divide-white/5 border-t border-white/10">
          {members.data.map((member) => (
            <li
              key={member.userId}
              data-testid="member-row"
              className="flex flex-wrap items-center gap-x-4 gap-y-2 px-5 py-3 sm:px-6"
            >
              <div className="min-w-0 flex-1">
                <div className="truncate text-sm text-slate-100">
                  {member.name ?? member.email}
                  {member.userId === myUserId && (
                    <span className="ml-2 text-xs text-slate-500">({t.dev.settings.you})</span>
                  )}
                </div>
                <div className="truncate text-xs text-slate-500">{member.email}</div>
              </div>
              {isOwner ? (
                <select
                  aria-label={`${t.dev.settings.role}: ${member.email}`}
                  value={member.role}
                  disabled={changeRole.isPending}
                  onChange={(event) =>
                    changeRole.mutate({
                      tenantId,
                      userId: member.userId,
                      role: event.target.value as Role,
                    })
                  }
                  className="rounded-lg border border-white/10 bg-slate-900/70 px-3 py-1.5 text-sm text-slate-100 focus:border-indigo-400 focus:outline-none focus:ring-2 focus:ring-indigo-400/30"
                >
                  {(["OWNER", "ADMIN", "DEVELOPER"] as const).map((role) => (
                    <option key={role} value={role}>
                      {t.dev.settings.roles[role]}
                    </option>
                  ))}
                </select>
              ) : (
                <span className="rounded-full bg-white/5 px-2 py-0.5 text-xs text-slate-300 ring-1 ring-white/10">
                  {t.dev.settings.roles[member.role]}
                </span>
              )}
              {isOwner && (
                <button
                  type="button"
                  onClick={() => setRemoving({ userId: member.userId, email: member.email })}
                  className="rounded-md px-2.5 py-1 text-xs font-medium text-rose-300 transition hover:bg-rose-500/10"
                >
                  {t.dev.settings.remove}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {removing && (
        <Modal title={t.dev.settings.removeTitle} onClose={() => setRemoving(undefined)}>
          <p className="text-sm leading-6 text-slate-300">
            {t.dev.settings.removeBody(removing.email)}
          </p>
          {remove.isError && (
            <p role="alert" className="mt-3 text-sm text-rose-300">
              {problem(remove.error)}
            </p>
          )}
          <div className="mt-6 flex justify-end gap-2">
            <button
              type="button"
              onClick={() => setRemoving(undefined)}
              className={buttonSecondary}
            >
              {t.common.cancel}
            </button>
            <button
              type="button"
              disabled={remove.isPending}
              onClick={() => remove.mutate({ tenantId, userId: removing.userId })}
              className={buttonDanger}
            >
              {t.dev.settings.removeConfirm}
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}
