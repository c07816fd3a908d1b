import type { AuditEntry } from "@dai/auth";
import type { Metadata } from "next";
import { DataTable } from "@/components/data-table";
import { Refused } from "@/components/forbidden";
import { LoadFailed } from "@/components/load-failed";
import { fetchApi } from "@/lib/api";
import { apiHeaders, guardPage } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit trail" };

/** Sign-ins, failed sign-ins, API key use and administrative actions, newest first (admins only). */
export default async function AuditPage() {
  const access = await guardPage("/admin/audit");
  if (!access.allowed) return <Refused access={access} />;
  const loaded = await fetchApi<{ entries: AuditEntry[] }>("/api/admin/audit?limit=200", await apiHeaders());
  return (
    <>
      <h1>Audit trail</h1>
      <p className="lead">
        Who did what, when and from where: sign-ins (and failed ones), API key use and every administrative
        change.
      </p>
      {!loaded.ok ? (
        <LoadFailed what="The audit trail" error={loaded.error} />
      ) : (
        <DataTable
          caption="The 200 most recent audit entries"
          hideCaption
          testId="audit-table"
          columns={["Time (UTC)", "Actor", "Action", "Target", "Outcome", "From"]}
          rows={loaded.value.entries.map((entry, index) => ({
            key: `${entry.time}-${index}`,
            cells: [
              entry.time.replace("T", " ").slice(0, 19),
              entry.actor,
              entry.action,
              entry.target ?? entry.detail ?? "",
              entry.outcome,
              entry.ip ?? "",
            ],
          }))}
          empty={<p className="notice warn">Nothing audited yet.</p>}
        />
      )}
    </>
  );
}
