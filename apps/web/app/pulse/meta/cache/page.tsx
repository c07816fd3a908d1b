import { NotBuilt } from "@/components/not-built";

export const dynamic = "force-dynamic";

export default function MetaCachePage() {
  return <NotBuilt href="/pulse/meta/cache" />;
}
