import { NotBuilt } from "@/components/not-built";

export default function PulseMetaHealthPage() {
  return <NotBuilt href="/pulse/meta/health" />;
}
