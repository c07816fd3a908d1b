import type { AuditEntry } from "@dai/auth";
import type { Metadata } from "next";
import { Refused } from "@/components/forbidden";
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
        <section className="notice error" role="alert">
          <h2>The audit trail could not be loaded</h2>
          <p>{loaded.error}</p>
        </section>
      ) : loaded.value.entries.length === 0 ? (
        <p className="notice warn">Nothing audited yet.</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="audit-table">
            <caption className="visually-hidden">The 200 most recent audit entries</caption>
            <thead>
              <tr>
                <th scope="col">Time (UTC)</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Outcome</th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {loaded.value.entries.map((entry, index) => (
                <tr key={`${entry.time}-${index}`}>
                  <td>{entry.time.replace("T", " ").slice(0, 19)}</td>
                  <td>{entry.actor}</td>
                  <td>{entry.action}</td>
                  <td>{entry.target ?? entry.detail ?? ""}</td>
                  <td>{entry.outcome}</td>
                  <td>{entry.ip ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
