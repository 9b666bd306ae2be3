// The UI is one static page that runs in the browser: the server serves it for every UI path.
export const ssr = false;
export const prerender = false;
