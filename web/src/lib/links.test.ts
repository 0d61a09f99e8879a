import { describe, expect, it } from 'vitest';
import { splitLinks } from './links';

const joined = (text: string) =>
	splitLinks(text)
		.map((p) => p.text)
		.join('');

describe('splitLinks', () => {
	it('leaves text without links as one part', () => {
		expect(splitLinks('7시에 GS25 앞에서 봐요')).toEqual([{ text: '7시에 GS25 앞에서 봐요' }]);
		expect(splitLinks('')).toEqual([]);
	});

	it('finds http and https links among the words', () => {
		expect(splitLinks('메뉴는 https://example.com/menu?id=3#top 여기 보세요')).toEqual([
			{ text: '메뉴는 ' },
			{ text: 'https://example.com/menu?id=3#top', href: 'https://example.com/menu?id=3#top' },
			{ text: ' 여기 보세요' }
		]);
		expect(splitLinks('HTTP://EXAMPLE.COM')).toEqual([{ text: 'HTTP://EXAMPLE.COM', href: 'http://example.com/' }]);
		expect(splitLinks('a http://a.kr b https://b.kr').filter((p) => p.href)).toHaveLength(2);
	});

	it('ends a link at Hangul, a space and sentence punctuation', () => {
		expect(splitLinks('https://naver.me/abc에서 봐요')[0]).toEqual({ text: 'https://naver.me/abc', href: 'https://naver.me/abc' });
		expect(splitLinks('여기요: https://example.com/a.')[1]).toEqual({ text: 'https://example.com/a', href: 'https://example.com/a' });
		expect(splitLinks('(https://example.com/a)')).toEqual([
			{ text: '(' },
			{ text: 'https://example.com/a', href: 'https://example.com/a' },
			{ text: ')' }
		]);
		expect(splitLinks('https://ko.wikipedia.org/wiki/Foo_(bar)')[0].text).toBe('https://ko.wikipedia.org/wiki/Foo_(bar)');
	});

	it('never makes a link of another scheme or of markup', () => {
		for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://example.com', 'https://', 'http://?x']) {
			expect(splitLinks(text).some((p) => p.href)).toBe(false);
		}
		const parts = splitLinks('<a href="https://evil.example/">클릭</a>');
		expect(parts.find((p) => p.href)?.text).toBe('https://evil.example/');
		expect(joined('<a href="https://evil.example/">클릭</a>')).toBe('<a href="https://evil.example/">클릭</a>');
	});

	it('gives the text back unchanged when joined', () => {
		const long = `https://example.com/${'a1b2c3'.repeat(17)}`;
		for (const text of ['줄1\nhttps://a.kr/x\n줄3', `링크 ${long} 끝`, 'https://a.kr/x,https://b.kr/y']) {
			expect(joined(text)).toBe(text);
		}
	});
});
