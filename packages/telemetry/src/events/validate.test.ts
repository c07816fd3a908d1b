import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apiEvent } from "../__tests__/fixtures.js";
import { validateEvents } from "./validate.js";

describe("validateEvents", () => {
  it("splits any batch into accepted and rejected, each rejection naming its own index", () => {
    const valid = fc.constant(null).map(() => apiEvent() as unknown);
    const invalid = fc.oneof(
      fc.constant(null).map(() => apiEvent({ status: "200" }) as unknown),
      fc.constant(null).map(() => apiEvent({ durationMs: -1 }) as unknown),
      fc.constant(null).map(() => ({ ...apiEvent(), kind: "api.unknown" }) as unknown),
      fc.anything(),
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(valid, invalid), { maxLength: 40 }), (events) => {
        const { accepted, rejected, future } = validateEvents(events);
        expect(accepted.length + rejected.length + future.length).toBe(events.length);
        for (const rejection of rejected) {
          expect(rejection.errors.length).toBeGreaterThan(0);
          for (const error of rejection.errors)
            expect(error.path.startsWith(`events[${rejection.index}]`)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("sets aside events of a newer schema version instead of validating them", () => {
    const result = validateEvents([apiEvent(), apiEvent({ schemaVersion: 9, durationMs: "x" })]);
    expect(result.future).toEqual([1]);
    expect(result.rejected).toEqual([]);
  });

  it("drops unknown fields rather than storing them", () => {
    const [event] = validateEvents([apiEvent({ secret: "x" })]).accepted;
    expect(event).not.toHaveProperty("secret");
  });
});
