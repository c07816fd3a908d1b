import { NotBuilt } from "@/components/not-built";

export default function PulseMetaTelemetryPage() {
  return <NotBuilt href="/pulse/meta/telemetry" />;
}
