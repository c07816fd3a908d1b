import { NotBuilt } from "@/components/not-built";

export const dynamic = "force-dynamic";

export default function MetaBundlesPage() {
  return <NotBuilt href="/pulse/meta/bundles" />;
}
