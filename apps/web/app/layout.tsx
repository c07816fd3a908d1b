import { authorize, type Principal, pageRuleFor } from "@dai/auth/rules";
import { type Manifest, motionRangeMs } from "@dai/manifest-schema";
import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth-forms";
import { MotionProvider } from "@/components/motion";
import { NavLinks } from "@/components/nav-links";
import { PulseIndicator, PulseProvider } from "@/components/pulse";
import { Soundscape } from "@/components/soundscape";
import { WebVitals } from "@/components/web-vitals";
import { fetchApi } from "@/lib/api";
import { AREAS } from "@/lib/navigation";
import { currentPrincipal } from "@/lib/session";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "DealershipAI · Hyper-Optimization", template: "%s · DealershipAI" },
  description:
    "How visible dealerships are to AI assistants, and how the platform measures and tunes itself.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f7f8fa" },
    { media: "(prefers-color-scheme: dark)", color: "#0f1218" },
  ],
};

function mayOpen(href: string, principal: Principal): boolean {
  const match = pageRuleFor(href);
  if (!match) return false;
  try {
    authorize(match.rule, principal, match.params);
    return true;
  } catch {
    return false;
  }
}

const SCOPE_LABEL = (principal: Principal) =>
  principal.dealerIds === null
    ? "all dealers"
    : principal.groupId
      ? `group ${principal.groupId}`
      : principal.dealerIds.join(", ");

// The manifest's motion range, read through the API once every few minutes (600–1200 ms until then).
let motionRange: { at: number; range: Promise<{ min: number; max: number } | undefined> } | undefined;
function manifestMotionRange(): Promise<{ min: number; max: number } | undefined> {
  if (!motionRange || Date.now() - motionRange.at > 300_000) {
    motionRange = {
      at: Date.now(),
      range: fetchApi<Manifest>("/api/manifest").then((loaded) =>
        loaded.ok ? motionRangeMs(loaded.value) : undefined,
      ),
    };
  }
  return motionRange.range;
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [principal, range] = await Promise.all([currentPrincipal(), manifestMotionRange()]);
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#content">
          Skip to content
        </a>
        <PulseProvider enabled={Boolean(principal)}>
          <MotionProvider range={range} report={Boolean(principal)}>
            <div className={principal ? "shell" : "shell shell--bare"}>
              <aside className="sidebar">
                <p className="brand">
                  DealershipAI<span>Hyper-Optimization</span>
                </p>
                {principal ? (
                  <>
                    <nav className="nav" aria-label="Main">
                      <NavLinks areas={AREAS.filter((area) => mayOpen(area.href, principal))} />
                    </nav>
                    <section className="user" aria-label="Signed in as">
                      <strong>{principal.name}</strong>
                      <span>
                        {principal.role} · {SCOPE_LABEL(principal)}
                      </span>
                      <SignOutButton />
                    </section>
                    <PulseIndicator />
                    <Soundscape />
                    <WebVitals />
                  </>
                ) : null}
              </aside>
              <main id="content">{children}</main>
            </div>
          </MotionProvider>
        </PulseProvider>
      </body>
    </html>
  );
}
