/** Moved to local/fake-argyle-api.ts (the dev mode runs it too); kept so existing imports work. */
export * from '#local/fake-argyle-api';
