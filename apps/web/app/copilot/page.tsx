import { NotBuilt } from "@/components/not-built";

export default function CopilotPage() {
  return <NotBuilt href="/copilot" />;
}
