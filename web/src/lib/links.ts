/**
 * Links in chat text: a message is split into plain text and web links,
 * for the room to build text nodes and <a> elements from — never HTML.
 * Only http and https become links; "javascript:", "data:" and the like
 * stay text, whatever they look like.
 */

export interface TextPart {
	text: string;
	/** Set when the part is a link: the address to open. */
	href?: string;
}

// The characters of an address as people paste them (RFC 3986, ASCII).
// Hangul or a space ends a link: "https://naver.me/abc에서 봐요".
const CANDIDATE = /https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+/gi;
// Punctuation that ends a sentence rather than the address.
const TRAILING = /[.,!?;:'"]$/;

/** Splits text into plain parts and links, in order; joined, the parts give the text back. */
export function splitLinks(text: string): TextPart[] {
	const parts: TextPart[] = [];
	let at = 0;
	for (const match of text.matchAll(CANDIDATE)) {
		const link = trimEnd(match[0]);
		const href = webAddress(link);
		if (!href) continue;
		const start = match.index;
		if (start > at) parts.push({ text: text.slice(at, start) });
		parts.push({ text: link, href });
		at = start + link.length;
	}
	if (at < text.length) parts.push({ text: text.slice(at) });
	return parts;
}

/** Drops sentence punctuation and a closing bracket that the address did not open. */
function trimEnd(link: string): string {
	for (;;) {
		if (TRAILING.test(link)) link = link.slice(0, -1);
		else if (link.endsWith(')') && count(link, '(') < count(link, ')')) link = link.slice(0, -1);
		else if (link.endsWith(']') && count(link, '[') < count(link, ']')) link = link.slice(0, -1);
		else return link;
	}
}

function count(s: string, c: string): number {
	return s.split(c).length - 1;
}

/** The address to open for a candidate, or "" when it is no http(s) address with a host. */
function webAddress(candidate: string): string {
	try {
		const url = new URL(candidate);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname ? url.href : '';
	} catch {
		return '';
	}
}
