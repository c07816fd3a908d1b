import { renderToStaticMarkup as html } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LoadFailed } from "./load-failed";

describe("LoadFailed", () => {
  it("is an alert labelled by its heading, naming what could not be loaded and the API's reason, escaped", () => {
    expect(html(<LoadFailed what="The audit trail" error={'API answered 503 <"busy">'} />)).toBe(
      '<section class="notice error" role="alert" aria-labelledby="load-failed-the-audit-trail">' +
        '<h2 id="load-failed-the-audit-trail">The audit trail could not be loaded</h2>' +
        "<p>API answered 503 &lt;&quot;busy&quot;&gt;</p></section>",
    );
  });
});
