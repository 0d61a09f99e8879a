/**
 * The one PocketBase client of the app. Same origin: in production the
 * server serves this app, and `vite dev` proxies /api to it.
 */
import PocketBase from 'pocketbase';

export const pb = new PocketBase('/');

// Screens load several lists from one collection at once (the board and
// "my memberships"); the SDK would cancel all but the last of concurrent
// requests to the same path. Each screen ignores stale answers itself.
pb.autoCancellation(false);
