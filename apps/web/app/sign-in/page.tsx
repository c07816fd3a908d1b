import type { DemoAccount } from "@dai/auth";
import type { Metadata } from "next";
import { Suspense } from "react";
import { SignInForm } from "@/components/auth-forms";
import { DataTable } from "@/components/data-table";
import { fetchApi } from "@/lib/api";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  CredentialsSignin: "That e-mail and password do not match an account.",
  RateLimited: "Too many sign-in attempts. Wait a few minutes and try again.",
  AccessDenied: "Your account has no role in DealershipAI. Ask an administrator for access.",
};

const SCOPES: Record<string, string> = {
  all: "every dealer",
  "one-dealer": "one dealership",
  "dealer-group": "one dealer group",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { callbackUrl, error } = await searchParams;
  const target = callbackUrl?.startsWith("/") ? callbackUrl : "/";
  return (
    <div className="sign-in">
      <h1>Sign in</h1>
      <p className="lead">
        Dealer staff see their own dealership or group; analysts read everything; admins also manage access.
      </p>
      {error ? (
        <p className="notice error" role="alert">
          {ERRORS[error] ?? "Sign-in failed. Try again."}
        </p>
      ) : null}
      <SignInForm callbackUrl={target} />
      {/* The form paints in the first flush; the demo accounts (an API call) stream in after it. */}
      <Suspense fallback={null}>
        <DemoAccountList />
      </Suspense>
    </div>
  );
}

/** The demo accounts, listed in demo mode only (the API answers 404 otherwise). */
async function DemoAccountList() {
  const demo = await fetchApi<{ accounts: DemoAccount[] }>("/api/demo-accounts");
  if (!demo.ok) return null;
  return (
    <section aria-labelledby="demo-title" className="demo-accounts">
      <h2 id="demo-title">Demo accounts</h2>
      <p>This is the demo: sign in with any of these.</p>
      <DataTable
        caption="Demo accounts and what each may see"
        hideCaption
        wrap={false}
        columns={["Role", "Sees", "E-mail", "Password"]}
        rows={demo.value.accounts.map((a) => ({
          key: a.email,
          cells: [a.role, SCOPES[a.scope] ?? a.scope, <code>{a.email}</code>, <code>{a.password}</code>],
        }))}
      />
    </section>
  );
}
