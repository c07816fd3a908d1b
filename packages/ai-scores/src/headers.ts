// Pure (Web-API only): header values for score responses, shared by the Node API and the edge entry.

/** Who may store a response: `public` (CDNs too), `private` (the browser only) or `no-store`. */
export type CacheVisibility = "public" | "private" | "no-store";

export interface CachePolicy {
  ttlSeconds: number;
  swrSeconds: number;
}

/**
 * The `Cache-Control` value for a tuned TTL. Public responses carry the TTL as `s-maxage` for shared
 * caches and `max-age=0` so browsers revalidate with the ETag (a 304 is cheap) instead of keeping a
 * copy the CDN purge cannot reach. Access control decides the visibility.
 *
 * @example cacheControl({ ttlSeconds: 300, swrSeconds: 60 }) // "public, max-age=0, s-maxage=300, stale-while-revalidate=60"
 */
export function cacheControl(policy: CachePolicy, visibility: CacheVisibility = "public"): string {
  const ttl = Math.max(0, Math.floor(policy.ttlSeconds));
  const swr = Math.max(0, Math.floor(policy.swrSeconds));
  if (visibility === "no-store") return "no-store";
  if (visibility === "private") return `private, max-age=${ttl}, stale-while-revalidate=${swr}`;
  return `public, max-age=0, s-maxage=${ttl}, stale-while-revalidate=${swr}`;
}

/** Tag of one dealer's score resource. */
export const dealerTag = (dealerId: string): string => `score:${encodeTagPart(dealerId)}`;
/** Tags every list containing the dealer carries (at least one of them). */
export const brandTag = (brand: string): string => `scores:brand:${encodeTagPart(brand)}`;
export const regionTag = (region: string): string => `scores:region:${encodeTagPart(region)}`;
export const groupTag = (groupId: string): string => `scores:group:${encodeTagPart(groupId)}`;
export const ALL_SCORES_TAG = "scores:all";

// Surrogate keys are space-separated and Cache-Tag comma-separated: keep both out of a tag.
function encodeTagPart(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, "+");
}

/** Tags to purge when a dealer's score changes: its own, and every list it can appear in. */
export function tagsForDealer(dealer: {
  dealerId: string;
  brand: string;
  region: string;
  groupId: string;
}): string[] {
  return [
    dealerTag(dealer.dealerId),
    brandTag(dealer.brand),
    regionTag(dealer.region),
    groupTag(dealer.groupId),
    ALL_SCORES_TAG,
  ];
}

/**
 * Tags of a list response: the narrowest filter it has, since every dealer change purges its brand,
 * region and group tags as well as `scores:all`.
 */
export function tagsForList(filter: { brand?: string; region?: string; groupId?: string }): string[] {
  if (filter.brand !== undefined) return [brandTag(filter.brand)];
  if (filter.region !== undefined) return [regionTag(filter.region)];
  if (filter.groupId !== undefined) return [groupTag(filter.groupId)];
  return [ALL_SCORES_TAG];
}

/** `Surrogate-Key` (Fastly and others): space-separated. */
export function surrogateKeyHeader(tags: readonly string[]): string {
  return tags.join(" ");
}

/** `Cache-Tag` (Cloudflare): comma-separated. */
export function cacheTagHeader(tags: readonly string[]): string {
  return tags.join(",");
}

/**
 * Whether an `If-None-Match` header matches an ETag (weak comparison, as RFC 9110 requires for
 * If-None-Match): `*`, or any listed tag equal ignoring `W/`.
 *
 * @example ifNoneMatchMatches('W/"abc", "def"', '"abc"') // true
 */
export function ifNoneMatchMatches(header: string | null | undefined, etag: string): boolean {
  if (header === null || header === undefined) return false;
  const trimmed = header.trim();
  if (trimmed === "*") return true;
  const target = etag.startsWith("W/") ? etag.slice(2) : etag;
  for (const part of trimmed.split(",")) {
    const candidate = part.trim();
    if ((candidate.startsWith("W/") ? candidate.slice(2) : candidate) === target) return true;
  }
  return false;
}

/** All cache headers of a response in one object, ready to spread into a `Headers` init. */
export function cacheHeaders(
  etag: string,
  policy: CachePolicy,
  tags: readonly string[],
  visibility: CacheVisibility = "public",
): Record<string, string> {
  const headers: Record<string, string> = { etag, "cache-control": cacheControl(policy, visibility) };
  if (visibility === "public" && tags.length > 0) {
    headers["surrogate-key"] = surrogateKeyHeader(tags);
    headers["cache-tag"] = cacheTagHeader(tags);
  }
  return headers;
}
