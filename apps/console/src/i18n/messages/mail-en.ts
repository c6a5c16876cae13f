// Email: invitation delivery and revoking, the low-balance alert's state, and the operator's
// outbox, merged into `en` with one spread.
export const mailEn = {
  mail: {
    invite: {
      sent: (email: string) => `Emailed to ${email}. You can also copy the link below.`,
      outbox:
        "No mail server is configured, so the email waits in the operator's outbox: copy the link and send it yourself.",
      failed: "The email could not be sent: copy the link and send it yourself.",
      noPending: "No pending invitations.",
      revoke: "Revoke",
      revokeLabel: (email: string) => `Revoke the invitation for ${email}`,
      revokeTitle: "Revoke this invitation?",
      revokeBody: (email: string) =>
        `The link sent to ${email} stops working at once. You can invite them again later.`,
      revokeConfirm: "Revoke invitation",
      revoking: "Revoking…",
    },
    alert: {
      lastSent: (date: string) => `Last alert sent ${date}.`,
      armed: "No alert pending: one is sent the next time the balance falls below the threshold.",
      recipients: "Empty: the alert goes to the workspace's owners.",
    },
    outbox: {
      nav: "Outbox",
      title: "Outbox",
      lead: "Every email the platform wrote, newest first: invitations and low-balance alerts. Without SMTP_URL they are kept here instead of being sent.",
      created: "Created",
      kind: "Kind",
      to: "To",
      subject: "Subject",
      transport: "Transport",
      status: "Status",
      tenant: "Workspace",
      kinds: {
        invitation: "Invitation",
        low_balance: "Low balance",
        sign_up_attempt: "Sign-up attempt",
      } as Record<string, string>,
      transports: { smtp: "SMTP", outbox: "Outbox only" } as Record<string, string>,
      sent: "Sent",
      failed: "Failed",
      sending: "Not delivered yet",
      kept: "Kept here",
      sentAt: (date: string) => `Sent ${date}`,
      error: "Error",
      read: "Read",
      emptyTitle: "No emails yet",
      emptyBody:
        "Invitations and low-balance alerts appear here as soon as they are written, whether or not a mail server is configured.",
      loadMore: "Load more",
      end: "That is every email.",
    },
  },
};
