"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { Area } from "@/lib/navigation";

/** The sidebar links the signed-in role may open; the current area is marked for every user. */
export function NavLinks({ areas }: { areas: readonly Area[] }) {
  const pathname = usePathname();
  return (
    <ul>
      {areas.map((area) => {
        const current = area.href === "/" ? pathname === "/" : pathname.startsWith(area.href);
        return (
          <li key={area.href}>
            <Link href={area.href} aria-current={current ? "page" : undefined}>
              {area.label}
              {area.built ? null : <small>(soon)</small>}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
