import type { Random } from "@dai/core";

export interface Dealer {
  id: string;
  name: string;
  brand: string;
  /** Dealer group the rooftop belongs to; access control scopes group staff to it. */
  groupId: string;
  region: Region;
  city: string;
  state: string;
  timezone: string;
  /** Relative size: scales sessions and leads. */
  size: number;
  segment: "mass" | "premium" | "luxury";
}

export type Region = "Northeast" | "Southeast" | "Midwest" | "Southwest" | "West";

const BRANDS: readonly { name: string; segment: Dealer["segment"]; share: number }[] = [
  { name: "Toyota", segment: "mass", share: 14 },
  { name: "Ford", segment: "mass", share: 13 },
  { name: "Chevrolet", segment: "mass", share: 12 },
  { name: "Honda", segment: "mass", share: 10 },
  { name: "Nissan", segment: "mass", share: 7 },
  { name: "Hyundai", segment: "mass", share: 7 },
  { name: "Kia", segment: "mass", share: 6 },
  { name: "Subaru", segment: "mass", share: 5 },
  { name: "Jeep", segment: "mass", share: 5 },
  { name: "Volkswagen", segment: "premium", share: 4 },
  { name: "Mazda", segment: "premium", share: 4 },
  { name: "BMW", segment: "luxury", share: 4 },
  { name: "Mercedes-Benz", segment: "luxury", share: 4 },
  { name: "Lexus", segment: "luxury", share: 3 },
  { name: "Audi", segment: "luxury", share: 2 },
];

const CITIES: Record<Region, readonly [city: string, state: string, timezone: string][]> = {
  Northeast: [
    ["Boston", "MA", "America/New_York"],
    ["Hartford", "CT", "America/New_York"],
    ["Albany", "NY", "America/New_York"],
    ["Pittsburgh", "PA", "America/New_York"],
    ["Newark", "NJ", "America/New_York"],
  ],
  Southeast: [
    ["Atlanta", "GA", "America/New_York"],
    ["Charlotte", "NC", "America/New_York"],
    ["Orlando", "FL", "America/New_York"],
    ["Nashville", "TN", "America/Chicago"],
    ["Birmingham", "AL", "America/Chicago"],
  ],
  Midwest: [
    ["Chicago", "IL", "America/Chicago"],
    ["Columbus", "OH", "America/New_York"],
    ["Indianapolis", "IN", "America/Indiana/Indianapolis"],
    ["Minneapolis", "MN", "America/Chicago"],
    ["Kansas City", "MO", "America/Chicago"],
  ],
  Southwest: [
    ["Dallas", "TX", "America/Chicago"],
    ["Houston", "TX", "America/Chicago"],
    ["Phoenix", "AZ", "America/Phoenix"],
    ["Albuquerque", "NM", "America/Denver"],
    ["Oklahoma City", "OK", "America/Chicago"],
  ],
  West: [
    ["Los Angeles", "CA", "America/Los_Angeles"],
    ["Seattle", "WA", "America/Los_Angeles"],
    ["Denver", "CO", "America/Denver"],
    ["Portland", "OR", "America/Los_Angeles"],
    ["Salt Lake City", "UT", "America/Denver"],
  ],
};

const REGIONS = Object.keys(CITIES) as Region[];
const NAME_PREFIXES = [
  "Sunrise",
  "Liberty",
  "Summit",
  "Lakeside",
  "Heritage",
  "Metro",
  "Valley",
  "Coastal",
  "Premier",
  "Pioneer",
  "Riverside",
  "Northgate",
  "Capital",
  "Frontier",
  "Golden",
];
const GROUPS = [
  "Apex Auto Group",
  "Crown Motor Holdings",
  "Keystone Automotive",
  "Horizon Dealer Group",
  "Independent",
];

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function pickWeighted<T extends { share: number }>(random: Random, items: readonly T[]): T {
  const total = items.reduce((sum, item) => sum + item.share, 0);
  let roll = random() * total;
  for (const item of items) {
    roll -= item.share;
    if (roll < 0) return item;
  }
  return items[items.length - 1] as T;
}

/** `count` dealers with brands by market share, spread over five US regions and their time zones. */
export function generateDealers(random: Random, count: number): Dealer[] {
  const dealers: Dealer[] = [];
  const used = new Set<string>();
  for (let index = 0; index < count; index++) {
    const brand = pickWeighted(random, BRANDS);
    const region = pick(random, REGIONS);
    const [city, state, timezone] = pick(random, CITIES[region]);
    let name = `${pick(random, NAME_PREFIXES)} ${brand.name} of ${city}`;
    for (let n = 2; used.has(name); n++)
      name = `${pick(random, NAME_PREFIXES)} ${brand.name} of ${city} ${n}`;
    used.add(name);
    const group = pick(random, GROUPS);
    dealers.push({
      id: `dlr-${String(index + 1).padStart(3, "0")}`,
      name,
      brand: brand.name,
      groupId:
        group === "Independent" ? `grp-independent-${index + 1}` : `grp-${group.toLowerCase().split(" ")[0]}`,
      region,
      city,
      state,
      timezone,
      size: Number(Math.exp(gaussian(random) * 0.5).toFixed(3)),
      segment: brand.segment,
    });
  }
  return dealers;
}

/** A standard normal draw (Box–Muller). */
export function gaussian(random: Random): number {
  const u = Math.max(random(), Number.EPSILON);
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
