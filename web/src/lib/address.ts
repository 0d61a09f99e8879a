/**
 * The neighbourhood address of a user. Neighbours see each other's posts
 * only when their addresses are equal, so an address from the postcode
 * widget is turned into the form people type: "서울특별시 강남구 역삼동".
 */

/** The Daum postcode widget's short province names → the official ones. */
const SIDO: Record<string, string> = {
	서울: '서울특별시',
	부산: '부산광역시',
	대구: '대구광역시',
	인천: '인천광역시',
	광주: '광주광역시',
	대전: '대전광역시',
	울산: '울산광역시',
	세종: '세종특별자치시',
	세종특별자치시: '세종특별자치시',
	경기: '경기도',
	강원: '강원특별자치도',
	강원특별자치도: '강원특별자치도',
	충북: '충청북도',
	충남: '충청남도',
	전북: '전북특별자치도',
	전북특별자치도: '전북특별자치도',
	전남: '전라남도',
	경북: '경상북도',
	경남: '경상남도',
	제주: '제주특별자치도',
	제주특별자치도: '제주특별자치도'
};

/** The fields of the widget's result that name the neighbourhood. */
export interface PostcodeResult {
	sido: string;
	sigungu: string;
	bname: string;
	/** The legal-dong name, when bname is a sub-area. */
	bname1?: string;
	address?: string;
}

/** neighbourhoodOf builds "시도 시군구 동" from a postcode result. */
export function neighbourhoodOf(r: PostcodeResult): string {
	const sido = SIDO[r.sido] ?? r.sido;
	// In a 읍/면 area bname is the 리 and bname1 the 읍/면: keep both.
	const parts = [sido, r.sigungu, r.bname1, r.bname].map((s) => (s ?? '').trim()).filter(Boolean);
	const out = parts.join(' ');
	return out || (r.address ?? '').trim();
}
