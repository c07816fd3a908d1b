import { NotBuilt } from "@/components/not-built";

export const dynamic = "force-dynamic";

export default function PulseMetaHealthPage() {
  return <NotBuilt href="/pulse/meta/health" />;
}
