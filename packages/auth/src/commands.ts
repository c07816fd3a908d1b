import {
  type CommandSpec,
  commandDataDir,
  DATA_DIR_OPTION,
  DaiError,
  defineCommand,
  formatTable,
} from "@dai/core";
import { ApiKeyStore } from "./api-keys.js";
import { AuditLog } from "./audit.js";
import { ROLES, type Role } from "./model.js";

export const keysCreateCommand = defineCommand({
  path: ["keys", "create"],
  summary: "Create a scoped API key for a machine client; the key is shown once",
  options: [
    { flags: "--name <name>", description: "what the key is for, e.g. 'ci-telemetry'" },
    { flags: "--role <role>", description: `one of ${ROLES.join(", ")}` },
    { flags: "--dealer <ids>", description: "comma-separated dealer ids (required for the dealer role)" },
    DATA_DIR_OPTION,
  ],
  examples: [
    "dai keys create --name ci --role analyst",
    "dai keys create --name dlr-001-feed --role dealer --dealer dlr-001",
  ],
  async run({ options, env, cwd }) {
    if (typeof options.name !== "string") throw new DaiError("missing_option", "--name: required");
    if (typeof options.role !== "string") throw new DaiError("missing_option", "--role: required");
    const store = await ApiKeyStore.open(commandDataDir({ options, env, cwd }));
    const dealerIds =
      typeof options.dealer === "string"
        ? options.dealer
            .split(",")
            .map((d) => d.trim())
            .filter(Boolean)
        : null;
    const created = await store.create({
      name: options.name,
      role: options.role as Role,
      dealerIds,
      createdBy: "cli",
    });
    await new AuditLog(commandDataDir({ options, env, cwd })).record({
      actor: "cli",
      action: "api-key.create",
      target: created.id,
      outcome: "success",
    });
    return {
      data: created,
      text: `created key ${created.id} (shown once; store it as a secret):\n${created.key}`,
    };
  },
});

export const keysListCommand = defineCommand({
  path: ["keys", "list"],
  summary: "List API keys (never their secrets)",
  options: [DATA_DIR_OPTION],
  async run({ options, env, cwd }) {
    const keys = (await ApiKeyStore.open(commandDataDir({ options, env, cwd }))).list();
    const rows = keys.map((k) => ({
      ...k,
      scope: k.dealerIds?.join(",") ?? "all",
      state: k.revokedAt ? "revoked" : "active",
    }));
    return {
      data: keys,
      text: formatTable(rows, [
        { key: "id", label: "Id" },
        { key: "name", label: "Name" },
        { key: "role", label: "Role" },
        { key: "scope", label: "Scope" },
        { key: "state", label: "State" },
        { key: "createdAt", label: "Created" },
      ]),
    };
  },
});

export const keysRevokeCommand = defineCommand({
  path: ["keys", "revoke"],
  summary: "Revoke an API key by id",
  arguments: [{ name: "id", description: "the key id", required: true }],
  options: [DATA_DIR_OPTION],
  async run({ args, options, env, cwd }) {
    const id = args[0] as string;
    await (await ApiKeyStore.open(commandDataDir({ options, env, cwd }))).revoke(id);
    await new AuditLog(commandDataDir({ options, env, cwd })).record({
      actor: "cli",
      action: "api-key.revoke",
      target: id,
      outcome: "success",
    });
    return { data: { revoked: id }, text: `revoked ${id}` };
  },
});

export const auditCommand = defineCommand({
  path: ["audit"],
  summary: "Show the most recent audit entries (sign-ins, key use, administrative actions)",
  options: [{ flags: "--limit <n>", description: "how many entries (default 50)" }, DATA_DIR_OPTION],
  async run({ options, env, cwd }) {
    const limit = options.limit === undefined ? 50 : Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1)
      throw new DaiError(
        "invalid_option",
        `--limit: expected a positive integer, got "${String(options.limit)}"`,
      );
    const entries = await new AuditLog(commandDataDir({ options, env, cwd })).recent(limit);
    return {
      data: entries,
      text: formatTable(entries, [
        { key: "time", label: "Time" },
        { key: "actor", label: "Actor" },
        { key: "action", label: "Action" },
        { key: "target", label: "Target" },
        { key: "outcome", label: "Outcome" },
        { key: "ip", label: "From" },
      ]),
    };
  },
});

export const authCommands: readonly CommandSpec[] = [
  keysCreateCommand,
  keysListCommand,
  keysRevokeCommand,
  auditCommand,
];
