// A single-page app: pages render in the browser, the server only answers /api and serves files.
export const ssr = false;
export const prerender = false;
