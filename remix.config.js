// ZGT_BUILD_DIR puts the whole build (server bundle and browser assets) in another folder (inside the repository, e.g.
// .builds/mine, so the bundle resolves node_modules), so two test runs on one
// machine never overwrite each other's build; unset, the usual build/ and public/build/.
const buildDir = process.env.ZGT_BUILD_DIR

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // Classic Remix compiler (the product card): flat routes in app/routes, ESM server build.
  appDirectory: 'app',
  assetsBuildDirectory: buildDir ? `${buildDir}/assets` : 'public/build',
  publicPath: '/build/',
  serverBuildPath: buildDir ? `${buildDir}/index.js` : 'build/index.js',
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
