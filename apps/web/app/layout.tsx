import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { NavLinks } from "@/components/nav-links";
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

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#content">
          Skip to content
        </a>
        <div className="shell">
          <aside className="sidebar">
            <p className="brand">
              DealershipAI<span>Hyper-Optimization</span>
            </p>
            <nav className="nav" aria-label="Main">
              <NavLinks />
            </nav>
          </aside>
          <main id="content">{children}</main>
        </div>
      </body>
    </html>
  );
}
