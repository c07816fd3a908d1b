"use client";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <section className="notice error" role="alert">
      <h2>Something went wrong</h2>
      <p>
        This page could not be shown.{" "}
        <button type="button" onClick={reset}>
          Try again
        </button>
      </p>
    </section>
  );
}
