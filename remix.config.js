/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // Classic Remix compiler (the product card): flat routes in app/routes, ESM server build.
  appDirectory: 'app',
  assetsBuildDirectory: 'public/build',
  publicPath: '/build/',
  serverBuildPath: 'build/index.js',
  serverModuleFormat: 'esm',
  serverPlatform: 'node',
  tailwind: true,
  postcss: false,
  ignoredRouteFiles: ['**/.*', '**/*.test.*'],
  // chinese-days (the official holiday calendar, workflows/rules/workingDays.ts) is read as its JSON data file,
  // which Node's ESM loader will not import without an import attribute: bundle it into the server build.
  serverDependenciesToBundle: [/^chinese-days(\/|$)/],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: false,
  },
}
