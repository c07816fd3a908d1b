/** The event schema version this build writes and accepts; ingest refuses anything newer with a 422. */
export const SCHEMA_VERSION = 1;
