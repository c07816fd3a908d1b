"use client";

import { useEffect, useState } from "react";

/** Auth.js's CSRF token, fetched by the browser so its cookie lands in the browser. */
function useAuthCsrfToken(): string {
  const [token, setToken] = useState("");
  useEffect(() => {
    fetch("/api/auth/csrf", { cache: "no-store" })
      .then((r) => r.json())
      .then((body: { csrfToken: string }) => setToken(body.csrfToken))
      .catch(() => setToken(""));
  }, []);
  return token;
}

/** Password sign-in: a real form post, so the session cookie is set by the redirect that follows. */
export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const csrfToken = useAuthCsrfToken();
  return (
    <form method="post" action="/api/auth/callback/credentials" className="form">
      <input type="hidden" name="csrfToken" value={csrfToken} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <label>
        E-mail
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <button type="submit" disabled={!csrfToken}>
        Sign in
      </button>
    </form>
  );
}

export function SignOutButton() {
  const csrfToken = useAuthCsrfToken();
  return (
    <form method="post" action="/api/auth/signout" className="sign-out">
      <input type="hidden" name="csrfToken" value={csrfToken} />
      <input type="hidden" name="callbackUrl" value="/sign-in" />
      <button type="submit" disabled={!csrfToken}>
        Sign out
      </button>
    </form>
  );
}
