import { NotBuilt } from "@/components/not-built";

export const dynamic = "force-dynamic";

export default function CopilotPage() {
  return <NotBuilt href="/copilot" />;
}
