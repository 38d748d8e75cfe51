// Runtime settings of the H5 apps, read before the app starts. Edit this file in a deployment (no rebuild needed).
// apiBase: where the platform's REST API lives (same origin by default). A build-time VITE_API_BASE is the fallback.
window.__H5_CONFIG__ = {
  // apiBase: 'https://api.example.com/api',
};
