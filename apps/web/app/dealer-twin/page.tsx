import { NotBuilt } from "@/components/not-built";

export const dynamic = "force-dynamic";

export default function DealerTwinPage() {
  return <NotBuilt href="/dealer-twin" />;
}
