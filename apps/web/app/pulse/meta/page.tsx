import { redirect } from "next/navigation";

export default function PulseMetaPage() {
  redirect("/pulse/meta/health");
}
