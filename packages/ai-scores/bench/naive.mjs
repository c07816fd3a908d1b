// The naive reference: the same model written the obvious way — filter every dealer's rows out of
// the whole table, recompute each window from scratch with slice+reduce, rank by sorting per dealer.
// Used by the benchmark (speed baseline) and by a test (the fast scorer must agree with it).
const W = { visibility: 0.4, reputation: 0.15, sentiment: 0.15, conversion: 0.2, momentum: 0.1 };
const clamp01 = (x) => Math.min(1, Math.max(0, x));
const round1 = (x) => Math.round(x * 10) / 10;
const dayOf = (date) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
const sum = (rows, key) => rows.reduce((total, row) => total + row[key], 0);
const mean = (rows, key) => sum(rows, key) / rows.length;

function scoreOn(rows, d) {
  const firstDay = dayOf(rows[0].date);
  const inWindow = (from, to) => rows.filter((r) => dayOf(r.date) > from && dayOf(r.date) <= to);
  const last7 = inWindow(d - 7, d);
  const last28 = inWindow(d - 28, d);
  const prev28 = inWindow(d - 56, d - 28);
  const sessions = sum(last28, "webSessions");
  const leads = sum(last28, "leads");
  const previous = sum(prev28, "webSessions");
  const hasPrevious = firstDay <= d - 55;
  const conversion = sessions > 0 ? clamp01(leads / sessions / 0.05) : 0;
  const momentum = hasPrevious && previous > 0 ? clamp01(0.5 + (sessions / previous - 1) / 0.4) : 0.5;
  return round1(
    100 *
      (W.visibility * clamp01(mean(last7, "aiVisibility") / 100) +
        W.reputation * clamp01((mean(last28, "reviewRating") - 1) / 4) +
        W.sentiment * clamp01(mean(last28, "sentiment")) +
        W.conversion * conversion +
        W.momentum * momentum),
  );
}

function percentileIn(all, me, sameGroup) {
  const peers = all.filter(sameGroup);
  const sorted = peers.map((p) => p.score).sort((a, b) => b - a);
  const rank = sorted.indexOf(me.score) + 1;
  const below = peers.filter((p) => p.score < me.score).length;
  const equal = peers.filter((p) => p.score === me.score).length;
  const percentile =
    peers.length === 1 ? 100 : round1((100 * (below + 0.5 * (equal - 1))) / (peers.length - 1));
  return { rank, of: peers.length, percentile };
}

/** Latest score, 7/28-day deltas and brand/region ranks per dealer. */
export function naiveScores(dealers, rows) {
  const out = [];
  for (const dealer of dealers) {
    const mine = rows.filter((r) => r.dealerId === dealer.id).sort((a, b) => (a.date < b.date ? -1 : 1));
    if (mine.length === 0) continue;
    const last = dayOf(mine[mine.length - 1].date);
    const first = dayOf(mine[0].date);
    const score = scoreOn(mine, last);
    // Days without a row keep the last score before them.
    const scoreAt = (d) => {
      if (d < first) return null;
      const upTo = mine.filter((r) => dayOf(r.date) <= d);
      return scoreOn(upTo, dayOf(upTo[upTo.length - 1].date));
    };
    const s7 = scoreAt(last - 7);
    const s28 = scoreAt(last - 28);
    out.push({
      dealerId: dealer.id,
      brand: dealer.brand,
      region: dealer.region,
      score,
      delta7: s7 === null ? null : round1(score - s7),
      delta28: s28 === null ? null : round1(score - s28),
    });
  }
  for (const me of out) {
    me.brandRank = percentileIn(out, me, (p) => p.brand === me.brand);
    me.regionRank = percentileIn(out, me, (p) => p.region === me.region);
  }
  return out;
}

/** The daily score series the naive way (every day recomputed from its windows). */
export function naiveHistory(dealer, rows) {
  const mine = rows.filter((r) => r.dealerId === dealer.id).sort((a, b) => (a.date < b.date ? -1 : 1));
  return mine.map((row, index) => scoreOn(mine.slice(0, index + 1), dayOf(row.date)));
}
