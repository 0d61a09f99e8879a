import { defineConfig, devices } from '@playwright/test';

/**
 * Browser tests against the real server: the Go binary built from this
 * repository, a scratch data directory and the web app built into
 * pb_public/ (run `npm run build` first; the Makefile does).
 *
 * Debian's Chromium is used: Playwright's own browser download is not
 * available on these machines.
 */
const PORT = Number(process.env.E2E_PORT ?? 8097);
const DATA_DIR = process.env.E2E_DATA_DIR ?? `/tmp/mealbuddy-e2e-${PORT}`;
const BASE_URL = `http://127.0.0.1:${PORT}`;
/** A local stand-in for Open-Meteo (no internet on test machines). */
const WEATHER_PORT = PORT + 1;

export default defineConfig({
	testDir: './tests',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list']],
	outputDir: './test-results',
	use: {
		baseURL: BASE_URL,
		locale: 'ko-KR',
		timezoneId: 'Asia/Seoul',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
	webServer: [
		{
			command: `node tests/fake-openmeteo.mjs ${WEATHER_PORT}`,
			url: `http://127.0.0.1:${WEATHER_PORT}/health`,
			timeout: 20_000,
			reuseExistingServer: false
		},
		{
			// Build the server from this repository and start it on a fresh data dir.
			command:
				`cd .. && GOTOOLCHAIN=auto go build -o bin/mealbuddy-e2e . && rm -rf ${DATA_DIR} && ` +
				`./bin/mealbuddy-e2e serve --dir ${DATA_DIR} --publicDir pb_public --http 127.0.0.1:${PORT} --dev=false`,
			url: `${BASE_URL}/api/health`,
			env: {
				MEALBUDDY_OPENMETEO_BASE_URL: `http://127.0.0.1:${WEATHER_PORT}/v1`,
				// Never reach out to real services from a test run.
				MEALBUDDY_KMA_SERVICE_KEY: '',
				MEALBUDDY_OPENAI_API_KEY: '',
				OPENAI_API_KEY: ''
			},
			timeout: 240_000,
			reuseExistingServer: false,
			stdout: 'ignore',
			stderr: 'pipe'
		}
	]
});
