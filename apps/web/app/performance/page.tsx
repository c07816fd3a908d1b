import { NotBuilt } from "@/components/not-built";

export default function PerformancePage() {
  return <NotBuilt href="/performance" />;
}
