"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { AREAS } from "@/lib/navigation";

/** The sidebar links; the current area is marked for screen readers and sighted users alike. */
export function NavLinks() {
  const pathname = usePathname();
  return (
    <ul>
      {AREAS.map((area) => {
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
