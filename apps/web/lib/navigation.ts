/** Every area of the dashboard, in navigation order; unbuilt areas say what they will hold. */
export const AREAS = [
  { href: "/", label: "Overview", built: true },
  { href: "/dealers", label: "Dealers", built: true },
  { href: "/dealer-twin", label: "Dealer twin", built: true },
  {
    href: "/copilot",
    label: "Copilot",
    built: false,
    description: "The Copilot panel: explanations in the tone the feedback favours, thumbs up/down.",
  },
  { href: "/pulse/meta/health", label: "Meta: health", built: true },
  { href: "/pulse/meta/telemetry", label: "Meta: telemetry", built: true },
  { href: "/pulse/meta/jobs", label: "Meta: jobs", built: true },
  { href: "/pulse/meta/twin", label: "Meta: twin", built: true },
  {
    href: "/performance",
    label: "Performance",
    built: false,
    description: "Bundle sizes per route, build history and Lighthouse results.",
  },
  { href: "/admin/audit", label: "Audit trail", built: true },
] as const;

export type Area = (typeof AREAS)[number];
