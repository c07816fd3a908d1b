/** The dealers most similar to this one by behaviour embedding, and its cluster (not built yet). */
export async function SimilarDealers(_props: { dealerId: string }) {
  return null;
}
