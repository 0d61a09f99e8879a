// A stand-in for Open-Meteo's forecast API for the browser tests: the
// machines running them have no internet, and the weather card should show
// real-looking weather in the screenshots. Serves a copy of
// shared/fixtures/openmeteo/current_ok.json for every /v1/forecast call.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 8098);
const body = readFileSync(new URL('./fixtures/openmeteo_current.json', import.meta.url));

createServer((req, res) => {
	const path = (req.url ?? '').split('?')[0];
	if (path.endsWith('/forecast')) {
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(body);
		return;
	}
	res.writeHead(path === '/health' ? 200 : 404, { 'content-type': 'text/plain' });
	res.end(path === '/health' ? 'ok' : 'not found');
}).listen(port, '127.0.0.1');
