import { redirect } from "next/navigation";
import { Refused } from "@/components/forbidden";
import { guardPage } from "@/lib/session";

export const dynamic = "force-dynamic";

export default async function PulseMetaPage() {
  const access = await guardPage("/pulse/meta");
  if (!access.allowed) return <Refused access={access} />;
  redirect("/pulse/meta/health");
}
