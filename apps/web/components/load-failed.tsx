/**
 * What a page shows where the API could not answer: an alert naming what is missing and why, so a
 * failed fetch never renders as an empty page.
 *
 * @example {!loaded.ok ? <LoadFailed what="The audit trail" error={loaded.error} /> : …}
 */
export function LoadFailed({ what, error }: { what: string; error: string }) {
  return (
    <section className="notice error" role="alert">
      <h2>{what} could not be loaded</h2>
      <p>{error}</p>
    </section>
  );
}
