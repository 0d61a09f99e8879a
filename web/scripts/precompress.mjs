// Writes a gzipped copy (name.gz) beside every text file of the built web
// app, once at build time, for the server to send to browsers that accept
// gzip (routes/webapp.go). Images are compressed already and left alone; a
// copy that would not be smaller is not written.
//
//   node scripts/precompress.mjs ../pb_public
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, gzipSync } from 'node:zlib';

const TEXT = /\.(js|css|html|svg|json|webmanifest|txt)$/;

function* files(dir) {
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) yield* files(path);
		else yield path;
	}
}

const dir = process.argv[2];
if (!dir) throw new Error('usage: node scripts/precompress.mjs <dir>');
let before = 0;
let after = 0;
for (const path of files(dir)) {
	if (!TEXT.test(path)) continue;
	const raw = readFileSync(path);
	const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
	if (gz.length >= raw.length) continue;
	writeFileSync(`${path}.gz`, gz);
	before += raw.length;
	after += gz.length;
}
console.log(`precompress: ${(before / 1024).toFixed(1)} KB of text → ${(after / 1024).toFixed(1)} KB gzipped`);
