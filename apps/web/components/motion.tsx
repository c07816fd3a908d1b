"use client";

import { type DurationRange, entrance, scaledDuration } from "@dai/adaptive-motion";
import { AdaptiveMotionProvider, type ReportedSample, useAdaptiveMotion } from "@dai/adaptive-motion/react";
import { LazyMotion, m } from "framer-motion";
import { usePathname } from "next/navigation";
import { type ReactNode, useEffect, useRef } from "react";
import { browserTelemetry } from "@/lib/telemetry";

// framer-motion's animation features arrive after the first paint: the page's first-load JS carries only
// the small `m` components (LazyMotion), which keeps the sign-in page within its Lighthouse budget.
const loadAnimationFeatures = () => import("./motion-features").then((features) => features.default);

/** One frame-rate sample per this many ms of animation reaches telemetry. */
const REPORT_EVERY_MS = 5000;

/**
 * Adaptive motion for the whole dashboard: measures the frame rate, adapts durations (within the
 * manifest's range) and animated properties, and reports frame-rate samples taken while something
 * animated as `motion.frame-rate` (signed-in users only: the browser telemetry needs a session).
 */
export function MotionProvider({
  children,
  range,
  report,
}: {
  children: ReactNode;
  range?: DurationRange;
  report: boolean;
}) {
  const pathname = usePathname();
  const page = useRef(pathname);
  page.current = pathname;
  const lastReport = useRef(Number.NEGATIVE_INFINITY);
  const onSample = (sample: ReportedSample) => {
    if (!report || !sample.animating) return;
    const now = performance.now();
    if (now - lastReport.current < REPORT_EVERY_MS) return;
    lastReport.current = now;
    browserTelemetry().track({
      kind: "motion.frame-rate",
      fps: Math.round(sample.fps * 10) / 10,
      targetFps: sample.refreshHz,
      page: page.current,
    });
  };
  return (
    <AdaptiveMotionProvider range={range} onSample={onSample}>
      <LazyMotion features={loadAnimationFeatures} strict>
        {children}
      </LazyMotion>
    </AdaptiveMotionProvider>
  );
}

// The server-rendered first view shows at once (no fade on hydration); later navigations animate.
let hydrated = false;

/** The page transition (mounted by app/template.tsx, so every navigation replays it). */
export function PageTransition({ children }: { children: ReactNode }) {
  const plan = useAdaptiveMotion();
  const animate = useRef(hydrated).current;
  useEffect(() => {
    hydrated = true;
  }, []);
  const keys = entrance(plan, 10);
  return (
    <m.div
      className="page-transition"
      data-motion-quality={plan.quality}
      data-motion-duration={plan.durationMs}
      initial={animate ? keys.initial : false}
      animate={keys.animate}
      transition={{ duration: plan.durationMs / 1000 }}
      onAnimationStart={plan.track.onAnimationStart}
      onAnimationComplete={plan.track.onAnimationComplete}
    >
      {children}
    </m.div>
  );
}

/**
 * A card or chart that eases in as it enters the view. `share` scales the page duration (kept
 * inside the manifest's range); `order` staggers siblings a little.
 */
export function Reveal({
  children,
  className,
  share = 1,
  order = 0,
  as = "div",
  ...rest
}: {
  children: ReactNode;
  className?: string;
  share?: number;
  order?: number;
  as?: "div" | "section" | "li" | "article";
  "data-testid"?: string;
}) {
  const plan = useAdaptiveMotion();
  const animate = useRef(hydrated).current;
  const keys = entrance(plan, 8);
  const Component = m[as];
  const duration = scaledDuration(plan, share) / 1000;
  return (
    <Component
      className={className}
      initial={animate ? keys.initial : false}
      whileInView={keys.animate}
      viewport={{ once: true, amount: 0.2 }}
      transition={{ duration, delay: plan.durationMs === 0 ? 0 : Math.min(order, 6) * 0.06 }}
      onAnimationStart={plan.track.onAnimationStart}
      onAnimationComplete={plan.track.onAnimationComplete}
      {...rest}
    >
      {children}
    </Component>
  );
}
