export default () => ({
  rest: {
    defaultLimit: 25,
    maxLimit: 100,
    withCount: true,
    // Unknown query parameters are a 400, not silently ignored.
    strictParams: true,
  },
  documents: {
    // Invalid status or locale values are rejected instead of ignored.
    strictParams: true,
  },
});
