import { renderToStaticMarkup as html } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DataTable } from "./data-table";

describe("DataTable", () => {
  it("renders a captioned header row and one row per item, in the scroll wrapper", () => {
    const markup = html(
      <DataTable
        caption="Runs"
        testId="runs"
        columns={["Started", "Outcome"]}
        rows={[
          { key: "a", cells: ["09:00", <strong>ok</strong>], data: { "data-run": "a" } },
          { key: "b", cells: ["10:00", "failed"] },
        ]}
      />,
    );
    expect(markup).toBe(
      '<div class="table-wrap"><table data-testid="runs"><caption>Runs</caption>' +
        '<thead><tr><th scope="col">Started</th><th scope="col">Outcome</th></tr></thead>' +
        '<tbody><tr data-run="a"><td>09:00</td><td><strong>ok</strong></td></tr>' +
        "<tr><td>10:00</td><td>failed</td></tr></tbody></table></div>",
    );
  });

  it("right-aligns numeric columns, hides the caption visually and makes the first cell a row header", () => {
    const markup = html(
      <DataTable
        caption="Weights"
        hideCaption
        rowHeaders
        columns={["Tone", { label: "Weight", numeric: true }]}
        rows={[{ key: "calm", cells: ["calm", "0.600"] }]}
      />,
    );
    expect(markup).toContain('<caption class="visually-hidden">Weights</caption>');
    expect(markup).toContain('<th scope="col">Tone</th><th scope="col" class="numeric">Weight</th>');
    expect(markup).toContain('<tr><th scope="row">calm</th><td class="numeric">0.600</td></tr>');
  });

  it("shows the empty state instead of the table when there are no rows, else an empty body", () => {
    const empty = <p className="muted">No run yet.</p>;
    expect(html(<DataTable caption="Runs" columns={["Started"]} rows={[]} empty={empty} />)).toBe(
      '<p class="muted">No run yet.</p>',
    );
    expect(html(<DataTable caption="Runs" columns={["Started"]} rows={[]} />)).toContain("<tbody></tbody>");
  });

  it("renders the bare table with wrap={false}", () => {
    expect(html(<DataTable caption="Accounts" wrap={false} columns={["Role"]} rows={[]} />)).toMatch(
      /^<table><caption>Accounts<\/caption>/,
    );
  });
});

// The markup the pages wrote by hand before, against the DataTable that replaced it: same HTML.
describe("DataTable against the hand-written tables it replaced", () => {
  it("the audit trail (app/admin/audit)", () => {
    const entries = [
      { time: "2025-01-02T03:04:05.000Z", actor: "admin@demo", action: "sign-in", target: "web", ip: "::1" },
      {
        time: "2025-01-02T03:04:06.000Z",
        actor: "anonymous",
        action: "key.use",
        target: undefined,
        ip: undefined,
      },
    ];
    const before = (
      <div className="table-wrap">
        <table data-testid="audit-table">
          <caption className="visually-hidden">The 200 most recent audit entries</caption>
          <thead>
            <tr>
              <th scope="col">Time (UTC)</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">From</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry, index) => (
              <tr key={`${entry.time}-${index}`}>
                <td>{entry.time.replace("T", " ").slice(0, 19)}</td>
                <td>{entry.actor}</td>
                <td>{entry.action}</td>
                <td>{entry.target ?? ""}</td>
                <td>{entry.ip ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
    const after = (
      <DataTable
        caption="The 200 most recent audit entries"
        hideCaption
        testId="audit-table"
        columns={["Time (UTC)", "Actor", "Action", "Target", "From"]}
        rows={entries.map((entry, index) => ({
          key: `${entry.time}-${index}`,
          cells: [
            entry.time.replace("T", " ").slice(0, 19),
            entry.actor,
            entry.action,
            entry.target ?? "",
            entry.ip ?? "",
          ],
        }))}
      />
    );
    expect(html(after)).toBe(html(before));
  });

  it("the cache resources (app/pulse/meta/cache): visible caption, row headers, data attributes", () => {
    const resources = [
      { resource: "score:dlr-002", ttl: "60 s", boundHit: "max", explanation: "Changes hourly." },
      { resource: "scores:list", ttl: "83 min", boundHit: null, explanation: "Hot." },
    ];
    const unread = 3;
    const before = (
      <div className="table-wrap">
        <table data-testid="cache-resources">
          <caption>
            Tuned TTL per resource, most read first
            {unread > 0 ? ` (${unread} more known from their change history, not read yet)` : ""}
          </caption>
          <thead>
            <tr>
              <th scope="col">Resource</th>
              <th scope="col">TTL</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {resources.map((decision) => (
              <tr key={decision.resource} data-resource={decision.resource}>
                <th scope="row">
                  <code>{decision.resource}</code>
                </th>
                <td>
                  {decision.ttl}
                  {decision.boundHit ? <span className="muted"> ({decision.boundHit} bound)</span> : null}
                </td>
                <td>
                  <details>
                    <summary>why</summary>
                    {decision.explanation}
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
    const after = (
      <DataTable
        caption={
          <>
            Tuned TTL per resource, most read first
            {unread > 0 ? ` (${unread} more known from their change history, not read yet)` : ""}
          </>
        }
        testId="cache-resources"
        columns={["Resource", "TTL", "Why"]}
        rowHeaders
        rows={resources.map((decision) => ({
          key: decision.resource,
          data: { "data-resource": decision.resource },
          cells: [
            <code>{decision.resource}</code>,
            <>
              {decision.ttl}
              {decision.boundHit ? <span className="muted"> ({decision.boundHit} bound)</span> : null}
            </>,
            <details>
              <summary>why</summary>
              {decision.explanation}
            </details>,
          ],
        }))}
      />
    );
    expect(html(after)).toBe(html(before));
    expect(html(after)).toContain(
      '<tr data-resource="score:dlr-002"><th scope="row"><code>score:dlr-002</code>',
    );
  });
});
