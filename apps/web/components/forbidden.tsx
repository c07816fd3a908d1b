import type { PageAccess } from "@/lib/session";

/** What a page shows when it may not be opened: not allowed for this role, or access cannot be checked. */
export function Refused({ access }: { access: Extract<PageAccess, { allowed: false }> }) {
  if (access.kind === "unavailable") {
    return (
      <section className="notice error" role="alert" aria-labelledby="refused-title">
        <h1 id="refused-title">Service unavailable</h1>
        <p>{access.reason} Try again in a moment.</p>
      </section>
    );
  }
  return (
    <section className="notice error" aria-labelledby="refused-title">
      <h1 id="refused-title">Not allowed</h1>
      <p>Your account cannot open this page ({access.reason}). Ask an administrator if you need it.</p>
    </section>
  );
}
