import { NotBuilt } from "@/components/not-built";

export const dynamic = "force-dynamic";

export default function PulseMetaTelemetryPage() {
  return <NotBuilt href="/pulse/meta/telemetry" />;
}
