import { NotBuilt } from "@/components/not-built";

export default function DealerTwinPage() {
  return <NotBuilt href="/dealer-twin" />;
}
