/** Moved to local/fake-argyle-api-http.ts (the dev mode runs it too); kept so existing imports work. */
export * from '#local/fake-argyle-api-http';
