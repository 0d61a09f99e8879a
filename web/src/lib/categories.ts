/**
 * The food categories of SPEC §2: keys are stored in posts.category and
 * returned by the menu recommender. The labels are Korean product text and
 * live beside the keys (rather than in i18n/ko.ts) because the server's list
 * is written the same way; another locale would add a label map here.
 */
export const CATEGORIES = [
	{ key: 'jokbal_bossam', label: '족발·보쌈', emoji: '🍖' },
	{ key: 'jjim_tang', label: '찜·탕·찌개', emoji: '🍲' },
	{ key: 'japanese', label: '돈까스·회·일식', emoji: '🍣' },
	{ key: 'pizza', label: '피자', emoji: '🍕' },
	{ key: 'meat', label: '고기구이', emoji: '🥩' },
	{ key: 'western', label: '양식', emoji: '🍝' },
	{ key: 'chicken', label: '치킨', emoji: '🍗' },
	{ key: 'chinese', label: '중식', emoji: '🥟' },
	{ key: 'asian', label: '아시안', emoji: '🍜' },
	{ key: 'korean', label: '백반·죽·국수', emoji: '🍚' },
	{ key: 'dosirak', label: '도시락', emoji: '🍱' },
	{ key: 'bunsik', label: '분식', emoji: '🍢' },
	{ key: 'cafe_dessert', label: '카페·디저트', emoji: '🍰' },
	{ key: 'fastfood', label: '패스트푸드', emoji: '🍔' }
] as const;

export type CategoryKey = (typeof CATEGORIES)[number]['key'];

export function isCategory(key: string | null | undefined): key is CategoryKey {
	return !!key && CATEGORIES.some((c) => c.key === key);
}

export function categoryLabel(key: string): string {
	return CATEGORIES.find((c) => c.key === key)?.label ?? key;
}

export function categoryEmoji(key: string): string {
	return CATEGORIES.find((c) => c.key === key)?.emoji ?? '🍽️';
}
