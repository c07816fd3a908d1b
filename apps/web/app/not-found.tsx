import Link from "next/link";

export default function NotFound() {
  return (
    <section className="notice warn">
      <h2>Page not found</h2>
      <p>
        There is no page at this address. <Link href="/">Back to the overview</Link>
      </p>
    </section>
  );
}
