import { NotBuilt } from "@/components/not-built";

export const dynamic = "force-dynamic";

export default function MetaMoodPage() {
  return <NotBuilt href="/pulse/meta/mood" />;
}
