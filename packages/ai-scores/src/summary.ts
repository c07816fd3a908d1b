import type { DealerScore, ScoreSummary } from "./types.js";

/** Days of history in a list item's sparkline. */
export const SPARKLINE_DAYS = 28;

/** The list view of a dealer score (table row with a 28-day sparkline). */
export function toSummary(score: DealerScore): ScoreSummary {
  return {
    dealerId: score.dealerId,
    name: score.name,
    brand: score.brand,
    region: score.region,
    groupId: score.groupId,
    asOf: score.asOf,
    score: score.score,
    delta7: score.trend.delta7,
    delta28: score.trend.delta28,
    health: score.health.value,
    brandRank: score.ranks.brand.rank,
    brandPercentile: score.ranks.brand.percentile,
    regionRank: score.ranks.region.rank,
    regionPercentile: score.ranks.region.percentile,
    sparkline: score.history.scores.slice(-SPARKLINE_DAYS),
  };
}
