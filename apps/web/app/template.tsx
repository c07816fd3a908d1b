import type { ReactNode } from "react";
import { PageTransition } from "@/components/motion";

/** Re-mounted on every navigation: each page eases in with the adaptive motion plan. */
export default function Template({ children }: { children: ReactNode }) {
  return <PageTransition>{children}</PageTransition>;
}
