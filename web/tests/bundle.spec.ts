/**
 * What a phone downloads for the signed-in board, measured by Chromium
 * itself (CDP: bytes on the wire, headers included), with an empty cache.
 * The figures go to docs/BENCHMARKS.md; the test also proves the server
 * sends the scripts and styles gzipped and lets browsers keep them.
 */
import { expect, test } from '@playwright/test';
import { apiUser, newContext, newNeighbourhood, newUser, PHONE, signIn, t } from './helpers';

interface Loaded {
	url: string;
	type: string;
	encoding: string;
	cacheControl: string;
	vary: string;
	wire: number;
	body: number;
}

test('the signed-in board arrives compressed, and its hashed assets are cached for a year', async ({ browser, request }) => {
	const u = newUser('bytes', newNeighbourhood());
	await apiUser(request, u);
	// What the server sends, not what the service worker's cache answers
	// (which would be nothing at all on the second page).
	const ctx = await newContext(browser, PHONE, { serviceWorkers: 'block' });
	await signIn(await ctx.newPage(), u);

	const page = await ctx.newPage();
	const cdp = await ctx.newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
	const byId = new Map<string, Loaded>();
	cdp.on('Network.responseReceived', ({ requestId, type, response }) => {
		const h = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
		byId.set(requestId, {
			url: response.url,
			type,
			encoding: h['content-encoding'] ?? '',
			cacheControl: h['cache-control'] ?? '',
			vary: h['vary'] ?? '',
			wire: 0,
			body: 0
		});
	});
	cdp.on('Network.dataReceived', ({ requestId, dataLength }) => {
		const r = byId.get(requestId);
		if (r) r.body += dataLength;
	});
	cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
		const r = byId.get(requestId);
		if (r) r.wire = encodedDataLength;
	});

	await page.goto('/');
	await expect(page.getByRole('heading', { name: t.board.title })).toBeVisible();
	await page.waitForLoadState('networkidle');

	const app = [...byId.values()].filter((r) => ['Document', 'Script', 'Stylesheet'].includes(r.type));
	const sum = (rs: Loaded[], k: 'wire' | 'body') => rs.reduce((n, r) => n + r[k], 0);
	const assets = app.filter((r) => r.type !== 'Document');
	const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
	const report = `board (phone, empty cache): ${app.length} files (${assets.length} JS/CSS), ${kb(sum(app, 'body'))} uncompressed, ${kb(sum(app, 'wire'))} transferred`;
	console.log(report);
	test.info().annotations.push({ type: 'bundle', description: report });

	expect(assets.length).toBeGreaterThan(3);
	for (const r of assets) {
		// The build does not gzip a file that would not shrink (a few tiny chunks).
		if (r.body > 1024) expect.soft(r.encoding, r.url).toBe('gzip');
		expect.soft(r.vary, r.url).toContain('Accept-Encoding');
		expect.soft(r.cacheControl, r.url).toBe('public, max-age=31536000, immutable');
	}
	const doc = app.find((r) => r.type === 'Document');
	expect(doc?.cacheControl).toBe('no-cache');

	// The next visit: the hashed files come from the browser's cache without
	// asking; only the page itself is checked with the server.
	byId.clear();
	await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
	await page.reload();
	await expect(page.getByRole('heading', { name: t.board.title })).toBeVisible();
	await page.waitForLoadState('networkidle');
	const again = [...byId.values()].filter((r) => ['Document', 'Script', 'Stylesheet'].includes(r.type));
	const repeat = `board again (phone, warm cache): ${kb(sum(again, 'wire'))} transferred`;
	console.log(repeat);
	test.info().annotations.push({ type: 'bundle', description: repeat });
	expect(sum(again.filter((r) => r.type !== 'Document'), 'wire')).toBe(0);
	await ctx.close();
});
