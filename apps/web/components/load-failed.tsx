/**
 * What a page shows where the API could not answer: an alert, labelled by its heading, naming what is
 * missing and why, so a failed fetch never renders as an empty page.
 *
 * @example {!loaded.ok ? <LoadFailed what="The audit trail" error={loaded.error} /> : …}
 */
export function LoadFailed({ what, error }: { what: string; error: string }) {
  const id = `load-failed-${what.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <section className="notice error" role="alert" aria-labelledby={id}>
      <h2 id={id}>{what} could not be loaded</h2>
      <p>{error}</p>
    </section>
  );
}
