import { NotBuilt } from "@/components/not-built";

export const dynamic = "force-dynamic";

export default function MetaTonePage() {
  return <NotBuilt href="/pulse/meta/tone" />;
}
