import { NotBuilt } from "@/components/not-built";

export default function DealersPage() {
  return <NotBuilt href="/dealers" />;
}
