import { NotBuilt } from "@/components/not-built";

export const dynamic = "force-dynamic";

export default function MetaVectorsPage() {
  return <NotBuilt href="/pulse/meta/vectors" />;
}
