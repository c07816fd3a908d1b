import { AREAS } from "@/lib/navigation";
import { guardPage } from "@/lib/session";
import { Refused } from "./forbidden";

/** What an area that is not built yet shows, to those allowed to open it: plainly that, and what it will hold. */
export async function NotBuilt({ href }: { href: (typeof AREAS)[number]["href"] }) {
  const access = await guardPage(href);
  if (!access.allowed) return <Refused access={access} />;
  const area = AREAS.find((a) => a.href === href);
  return (
    <>
      <h1>{area?.label}</h1>
      <section className="notice warn" aria-labelledby="not-built-title">
        <h2 id="not-built-title">Not built yet</h2>
        <p>
          This area is planned but not available in this version.{" "}
          {area && "description" in area ? `It will show: ${area.description}` : null}
        </p>
      </section>
    </>
  );
}
