/** A dealer's AI Visibility score with its components, trend and rank (not built yet). */
export async function ScoreBreakdown(_props: { dealerId: string }) {
  return null;
}
