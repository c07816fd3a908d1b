export type { DemoAccount } from "./accounts.js";
export { AccountDirectory, DEMO_ACCOUNTS, resolveDemoPrincipal } from "./accounts.js";
export type { StoredApiKey } from "./api-keys.js";
export { API_KEYS_FILE, ApiKeyStore } from "./api-keys.js";
export type { AuditEntry } from "./audit.js";
export { AUDIT_FILE, AuditLog } from "./audit.js";
export { authCommands } from "./commands.js";
export type { AccessRule, Principal, Role } from "./model.js";
export {
  ADMIN_ONLY,
  authorize,
  filterByScope,
  inScope,
  PUBLIC,
  ROLES,
  SIGNED_IN,
  scopeKey,
} from "./model.js";
export { PAGE_RULES, pageRuleFor } from "./pages.js";
export { hashPassword, verifyPassword } from "./passwords.js";
export { RateLimiter } from "./rate-limit.js";
export { REVOCATIONS_FILE, SessionRevocations } from "./revocations.js";
