import type { Dealer } from "@dai/demo-data";
import type { Metadata } from "next";
import Link from "next/link";
import { Refused } from "@/components/forbidden";
import { fetchApi } from "@/lib/api";
import { apiHeaders, guardPage } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Dealers" };

/** The dealers the signed-in user may see: all of them for admins and analysts, their own for dealer staff. */
export default async function DealersPage() {
  const access = await guardPage("/dealers");
  if (!access.allowed) return <Refused access={access} />;
  const loaded = await fetchApi<{ dealers: Dealer[]; count: number }>("/api/dealers", await apiHeaders());
  return (
    <>
      <h1>Dealers</h1>
      <p className="lead">
        The dealerships you can see. AI Visibility scores, ranks and trends arrive with the scoring work; each
        dealer's page shows its latest KPIs.
      </p>
      {!loaded.ok ? (
        <section className="notice error" role="alert">
          <h2>Dealers could not be loaded</h2>
          <p>{loaded.error}</p>
        </section>
      ) : loaded.value.count === 0 ? (
        <section className="notice warn">
          <h2>No dealers</h2>
          <p>There are no dealers in your scope yet. The demo data is created by `dai seed`.</p>
        </section>
      ) : (
        <div className="table-wrap">
          <table data-testid="dealers-table">
            <caption className="visually-hidden">{loaded.value.count} dealers in your scope</caption>
            <thead>
              <tr>
                <th scope="col">Dealer</th>
                <th scope="col">Brand</th>
                <th scope="col">Region</th>
                <th scope="col">City</th>
                <th scope="col">Group</th>
              </tr>
            </thead>
            <tbody>
              {loaded.value.dealers.map((dealer) => (
                <tr key={dealer.id} data-dealer-id={dealer.id}>
                  <td>
                    <Link href={`/dealers/${dealer.id}`}>{dealer.name}</Link>
                  </td>
                  <td>{dealer.brand}</td>
                  <td>{dealer.region}</td>
                  <td>
                    {dealer.city}, {dealer.state}
                  </td>
                  <td>{dealer.groupId.startsWith("grp-independent") ? "Independent" : dealer.groupId}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
