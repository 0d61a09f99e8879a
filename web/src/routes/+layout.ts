// A single-page app: PocketBase serves index.html for every path and the
// browser renders; there is no server-side rendering or prerendering.
export const ssr = false;
export const prerender = false;
