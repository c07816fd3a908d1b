import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the BigQuery REST API v2 that checks every request against the documented
 * format (tables.get/insert, tabledata.insertAll, jobs.query) and records violations instead of
 * guessing. Rows are stored per insertId, as BigQuery de-duplicates them.
 */
export interface FakeBigQuery {
  readonly url: string;
  readonly violations: string[];
  readonly insertRequests: {
    rows: { insertId: string; json: Record<string, unknown> }[];
    body: Record<string, unknown>;
  }[];
  readonly queries: Record<string, unknown>[];
  readonly tableInserts: Record<string, unknown>[];
  readonly rows: Map<string, Record<string, unknown>>;
  readonly authorizations: string[];
  /** Per insertAll request number (0-based): indexes to fail and the reason. */
  failures: Map<number, { indexes: number[]; reason: string }>;
  /** Answers jobs.query: schema fields and row values (strings, as the REST API sends them). */
  answer: (query: string) => { fields: { name: string; type: string }[]; values: (string | null)[] };
  close(): Promise<void>;
}

const INSERT_KEYS = new Set([
  "kind",
  "skipInvalidRows",
  "ignoreUnknownValues",
  "templateSuffix",
  "traceId",
  "rows",
]);
const FIELD_TYPES = new Set([
  "STRING",
  "INTEGER",
  "INT64",
  "FLOAT",
  "FLOAT64",
  "BOOLEAN",
  "BOOL",
  "TIMESTAMP",
]);

export async function startFakeBigQuery(project: string, dataset: string): Promise<FakeBigQuery> {
  const tables = new Map<string, { fields: { name: string; type: string; mode?: string }[] }>();
  const state: FakeBigQuery = {
    url: "",
    violations: [],
    insertRequests: [],
    queries: [],
    tableInserts: [],
    rows: new Map(),
    authorizations: [],
    failures: new Map(),
    answer: () => ({ fields: [], values: [] }),
    close: async () => {},
  };
  const base = `/bigquery/v2/projects/${project}`;
  const server: Server = createServer(async (request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
      response.end(JSON.stringify(body));
    };
    const fail = (status: number, reason: string, message: string) => {
      state.violations.push(`${request.method} ${request.url}: ${message}`);
      send(status, {
        error: { code: status, message, errors: [{ reason, message }], status: "INVALID_ARGUMENT" },
      });
    };
    state.authorizations.push(String(request.headers.authorization ?? ""));
    const path = new URL(request.url ?? "/", "http://x").pathname;
    const body = request.method === "POST" ? await readJson(request) : undefined;
    const tablePath = new RegExp(`^${base}/datasets/${dataset}/tables/([^/]+)(/insertAll)?$`).exec(path);

    if (request.method === "GET" && tablePath && !tablePath[2]) {
      const table = tables.get(tablePath[1] as string);
      if (!table) {
        send(404, {
          error: {
            code: 404,
            message: `Not found: Table ${project}:${dataset}.${tablePath[1]}`,
            errors: [{ reason: "notFound" }],
            status: "NOT_FOUND",
          },
        });
        return;
      }
      send(200, {
        kind: "bigquery#table",
        tableReference: { projectId: project, datasetId: dataset, tableId: tablePath[1] },
        schema: table,
      });
      return;
    }
    if (request.method === "POST" && path === `${base}/datasets/${dataset}/tables`) {
      const ref = (body?.tableReference ?? {}) as Record<string, unknown>;
      const fields = (
        body?.schema as { fields?: { name: string; type: string; mode?: string }[] } | undefined
      )?.fields;
      if (ref.projectId !== project || ref.datasetId !== dataset || typeof ref.tableId !== "string")
        return fail(
          400,
          "invalid",
          "tables.insert: tableReference must name projectId, datasetId and tableId",
        );
      if (!Array.isArray(fields) || fields.length === 0)
        return fail(400, "invalid", "tables.insert: schema.fields missing");
      for (const field of fields) {
        if (
          !/^[A-Za-z_][A-Za-z0-9_]*$/.test(field.name) ||
          !FIELD_TYPES.has(field.type) ||
          !["NULLABLE", "REQUIRED", undefined].includes(field.mode)
        )
          return fail(400, "invalid", `tables.insert: bad field ${JSON.stringify(field)}`);
      }
      tables.set(ref.tableId, { fields });
      state.tableInserts.push(body ?? {});
      send(200, { kind: "bigquery#table", ...body, id: `${project}:${dataset}.${ref.tableId}` });
      return;
    }
    if (request.method === "POST" && tablePath?.[2]) {
      const table = tables.get(tablePath[1] as string);
      if (!table) return fail(404, "notFound", "insertAll into a table that does not exist");
      for (const key of Object.keys(body ?? {}))
        if (!INSERT_KEYS.has(key)) return fail(400, "invalid", `insertAll: unknown field ${key}`);
      if (body?.kind !== "bigquery#tableDataInsertAllRequest")
        return fail(400, "invalid", "insertAll: kind must be bigquery#tableDataInsertAllRequest");
      if (typeof body.skipInvalidRows !== "boolean" || typeof body.ignoreUnknownValues !== "boolean")
        return fail(400, "invalid", "insertAll: skipInvalidRows and ignoreUnknownValues must be booleans");
      const rows = body.rows as { insertId?: unknown; json?: unknown }[];
      if (!Array.isArray(rows) || rows.length === 0 || rows.length > 50_000)
        return fail(400, "invalid", "insertAll: rows must hold 1–50,000 rows");
      const problem = rows.map((row, index) => rowProblem(row, table.fields, index)).find(Boolean);
      if (problem) return fail(400, "invalid", `insertAll: ${problem}`);
      const requestNumber = state.insertRequests.length;
      state.insertRequests.push({
        rows: rows as { insertId: string; json: Record<string, unknown> }[],
        body,
      });
      const failure = state.failures.get(requestNumber);
      const failed = new Set(failure?.indexes ?? []);
      rows.forEach((row, index) => {
        if (!failed.has(index) && !state.rows.has(row.insertId as string))
          state.rows.set(row.insertId as string, row.json as Record<string, unknown>);
      });
      const insertErrors = [...failed].map((index) => ({
        index,
        errors: [{ reason: failure?.reason, message: "simulated", location: "" }],
      }));
      send(200, {
        kind: "bigquery#tableDataInsertAllResponse",
        ...(insertErrors.length ? { insertErrors } : {}),
      });
      return;
    }
    if (request.method === "POST" && path === `${base}/queries`) {
      if (typeof body?.query !== "string") return fail(400, "invalid", "jobs.query: query missing");
      if (body.useLegacySql !== false)
        return fail(400, "invalid", "jobs.query: useLegacySql must be false for GoogleSQL");
      state.queries.push(body);
      const { fields, values } = state.answer(body.query);
      send(200, {
        kind: "bigquery#queryResponse",
        schema: { fields: fields.map((f) => ({ ...f, mode: "NULLABLE" })) },
        jobReference: { projectId: project, jobId: `job_${state.queries.length}`, location: "US" },
        totalRows: String(values.length ? 1 : 0),
        rows: values.length ? [{ f: values.map((v) => ({ v })) }] : [],
        totalBytesProcessed: "0",
        jobComplete: true,
        cacheHit: false,
      });
      return;
    }
    fail(404, "notFound", `no such endpoint`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

function rowProblem(
  row: { insertId?: unknown; json?: unknown },
  fields: { name: string; type: string; mode?: string }[],
  index: number,
): string | undefined {
  if (typeof row.insertId !== "string" || row.insertId.length === 0)
    return `rows[${index}].insertId must be a non-empty string`;
  if (typeof row.json !== "object" || row.json === null) return `rows[${index}].json must be an object`;
  const json = row.json as Record<string, unknown>;
  const byName = new Map(fields.map((f) => [f.name, f]));
  for (const [key, value] of Object.entries(json)) {
    const field = byName.get(key);
    if (!field) return `rows[${index}].json.${key} is not in the table schema`;
    const ok =
      field.type === "STRING"
        ? typeof value === "string"
        : field.type === "TIMESTAMP"
          ? typeof value === "string" && !Number.isNaN(Date.parse(value))
          : field.type === "INTEGER"
            ? Number.isInteger(value)
            : field.type === "FLOAT"
              ? typeof value === "number"
              : field.type === "BOOLEAN"
                ? typeof value === "boolean"
                : false;
    if (!ok) return `rows[${index}].json.${key}: ${JSON.stringify(value)} is not a ${field.type}`;
  }
  for (const field of fields)
    if (field.mode === "REQUIRED" && json[field.name] === undefined)
      return `rows[${index}].json.${field.name} is REQUIRED`;
  return undefined;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
}
