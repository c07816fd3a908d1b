/** Every area of the dashboard, in navigation order; unbuilt areas say what they will hold. */
export const AREAS = [
  { href: "/", label: "Overview", built: true },
  { href: "/dealers", label: "Dealers", built: true },
  { href: "/dealer-twin", label: "Dealer twin", built: true },
  {
    href: "/copilot",
    label: "Copilot",
    built: true,
    description: "The Copilot panel: explanations in the tone the feedback favours, thumbs up/down.",
  },
  { href: "/pulse/meta/health", label: "Meta: health", built: true },
  { href: "/pulse/meta/telemetry", label: "Meta: telemetry", built: true },
  { href: "/pulse/meta/jobs", label: "Meta: jobs", built: true },
  { href: "/pulse/meta/twin", label: "Meta: twin", built: true },
  {
    href: "/pulse/meta/tone",
    label: "Meta: tone",
    built: true,
    description: "The Copilot's tone weights over time, their posterior intervals, per dealer cluster.",
  },
  {
    href: "/pulse/meta/mood",
    label: "Meta: mood",
    built: true,
    description: "The daily mood report and its trend, against the sentiment target.",
  },
  {
    href: "/pulse/meta/cache",
    label: "Meta: cache",
    built: true,
    description: "Each cached resource's tuned TTL, hit ratio and change rate.",
  },
  {
    href: "/pulse/meta/bundles",
    label: "Meta: bundles",
    built: true,
    description: "Bundle size per route over time, the latest comparison, regressions and Lighthouse scores.",
  },
  {
    href: "/pulse/meta/vectors",
    label: "Meta: vectors",
    built: true,
    description: "A map of dealers by behaviour cluster and the recommendation accuracy.",
  },
  {
    href: "/pulse/meta/experience",
    label: "Meta: experience",
    built: true,
    description: "Frame rate and FPS drop of adaptive motion, and the soundscape's opt-in rate.",
  },
  { href: "/admin/audit", label: "Audit trail", built: true },
] as const;

export type Area = (typeof AREAS)[number];
