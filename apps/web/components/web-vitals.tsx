"use client";

import { useReportWebVitals } from "next/web-vitals";
import { browserTelemetry } from "@/lib/telemetry";

const NAMES = new Set(["LCP", "INP", "CLS", "FCP", "TTFB"]);

/** Reports the Core Web Vitals of every page view to telemetry (signed-in users only). */
export function WebVitals() {
  useReportWebVitals((metric) => {
    if (!NAMES.has(metric.name)) return;
    browserTelemetry().track({
      kind: "web.vitals",
      name: metric.name as "LCP" | "INP" | "CLS" | "FCP" | "TTFB",
      value: Math.max(0, metric.value),
      rating: metric.rating,
      page: window.location.pathname,
    });
  });
  return null;
}
