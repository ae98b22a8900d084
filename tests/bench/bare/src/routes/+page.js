// Drawn in the browser from an empty shell written at build time, as every page of the app is
// (web/src/routes/+layout.ts): the floor is the framework's own start, not a server-rendered page.
export const ssr = false;
export const prerender = true;
