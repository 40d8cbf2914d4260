import { defineConfig } from "vite";
import preact from "@preact/preset-vite";

// The site is served from the API's origin (the local stack at /, CloudFront in AWS):
// `npm run dev` proxies /v1 to a running `make run` stack.
export default defineConfig({
  plugins: [preact()],
  build: {
    target: "es2020",
    // No inline script or style: the CSP allows only files of the site's own origin.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { proxy: { "/v1": "http://127.0.0.1:8000" } },
});
