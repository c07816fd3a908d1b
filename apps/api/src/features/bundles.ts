import type { Feature, FeatureContext } from "../features.js";

/**
 * Starts the bundles feature for the Node entry: the routes read the data dir's build history
 * (`dai bundle analyze|compare`, `dai perf lighthouse` write it); GITHUB_REPOSITORY, when set, links
 * open regressions to their issues.
 */
export async function startBundles(context: FeatureContext): Promise<Feature> {
  const repository = context.env.GITHUB_REPOSITORY?.trim();
  const valid = repository && /^[\w.-]+\/[\w.-]+$/.test(repository) ? repository : undefined;
  if (repository && !valid)
    context.logger.warn("GITHUB_REPOSITORY is not owner/name; regression issue links are off", {
      repository,
    });
  return {
    deps: { bundles: { dataDir: context.dataDir, ...(valid ? { githubRepository: valid } : {}) } },
  };
}
