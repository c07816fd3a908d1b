// The browser-safe part of the model (no Node built-ins): the dashboard imports this entry.
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
