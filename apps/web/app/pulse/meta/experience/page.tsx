import { NotBuilt } from "@/components/not-built";

export const dynamic = "force-dynamic";

export default function MetaExperiencePage() {
  return <NotBuilt href="/pulse/meta/experience" />;
}
