import { NotBuilt } from "@/components/not-built";

export const dynamic = "force-dynamic";

export default function PerformancePage() {
  return <NotBuilt href="/performance" />;
}
