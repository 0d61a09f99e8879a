package menu

import (
	"strings"
	"unicode/utf8"

	"mealbuddy/internal/category"
)

// tag is a trait of a dish that the rules of the offline recommender
// weigh: the weather, the meal and the wish each favour some traits.
type tag uint16

const (
	soup      tag = 1 << iota // 국물
	hot                       // 따뜻하게 먹는
	cold                      // 시원하게 먹는
	spicy                     // 매운
	light                     // 가벼운
	hearty                    // 든든한
	meaty                     // 고기
	sweet                     // 달달한
	solo                      // 1인분으로 주문하기 쉬운
	rainy                     // 비 오는 날 생각나는
	morning                   // 아침에 부담 없는
	lateNight                 // 야식
	snack                     // 간식
)

// dish is an entry of the catalogue.
type dish struct {
	name     string
	category string
	tags     tag
}

// dishes is the offline recommender's catalogue: common delivery dishes
// of every category, with the traits the rules look at. It also maps the
// dish names an endpoint returns to categories.
var dishes = []dish{
	{"김치찌개", "jjim_tang", soup | hot | spicy | solo | hearty},
	{"된장찌개", "jjim_tang", soup | hot | solo | light},
	{"순두부찌개", "jjim_tang", soup | hot | spicy | solo},
	{"부대찌개", "jjim_tang", soup | hot | spicy | meaty | hearty | rainy},
	{"감자탕", "jjim_tang", soup | hot | spicy | meaty | hearty | lateNight},
	{"갈비탕", "jjim_tang", soup | hot | meaty | hearty},
	{"설렁탕", "jjim_tang", soup | hot | meaty | morning},
	{"어묵탕", "jjim_tang", soup | hot | rainy | lateNight},
	{"닭볶음탕", "jjim_tang", spicy | hot | meaty | hearty},
	{"아귀찜", "jjim_tang", spicy | hot | hearty},
	{"해물파전", "korean", hot | rainy | lateNight},
	{"칼국수", "korean", soup | hot | rainy | solo},
	{"잔치국수", "korean", soup | hot | light | solo},
	{"비빔밥", "korean", light | solo},
	{"전복죽", "korean", hot | light | morning | solo},
	{"콩나물국밥", "korean", soup | hot | light | morning | solo},
	{"물냉면", "korean", cold | light | solo},
	{"비빔국수", "korean", cold | spicy | light | solo},
	{"제육볶음 백반", "korean", spicy | meaty | hearty | solo},
	{"족발", "jokbal_bossam", meaty | hearty | lateNight},
	{"보쌈", "jokbal_bossam", meaty | hearty},
	{"불족발", "jokbal_bossam", meaty | spicy | lateNight},
	{"냉채족발", "jokbal_bossam", meaty | cold | light},
	{"돈까스", "japanese", meaty | hearty | solo},
	{"초밥", "japanese", cold | light},
	{"모둠회", "japanese", cold | light | lateNight},
	{"우동", "japanese", soup | hot | light | solo | rainy},
	{"돈코츠 라멘", "japanese", soup | hot | meaty | solo},
	{"규동", "japanese", meaty | hearty | solo},
	{"메밀소바", "japanese", cold | light | solo},
	{"페퍼로니 피자", "pizza", meaty | hearty | lateNight},
	{"포테이토 피자", "pizza", hearty},
	{"고르곤졸라 피자", "pizza", sweet | light | snack},
	{"삼겹살", "meat", meaty | hearty},
	{"양념갈비", "meat", meaty | hearty | sweet},
	{"곱창구이", "meat", meaty | spicy | lateNight},
	{"크림 파스타", "western", hearty | solo},
	{"토마토 파스타", "western", light | solo},
	{"스테이크", "western", meaty | hearty},
	{"리조또", "western", hot | solo},
	{"샐러드", "western", light | cold | solo | morning},
	{"후라이드 치킨", "chicken", meaty | hearty | lateNight},
	{"양념치킨", "chicken", meaty | sweet | spicy | lateNight},
	{"닭강정", "chicken", meaty | sweet | snack},
	{"간장치킨", "chicken", meaty | lateNight},
	{"짜장면", "chinese", hearty | solo},
	{"짬뽕", "chinese", soup | hot | spicy | rainy | solo},
	{"탕수육", "chinese", meaty | sweet | hearty},
	{"마라탕", "chinese", soup | hot | spicy | solo},
	{"볶음밥", "chinese", hearty | solo},
	{"쌀국수", "asian", soup | hot | light | solo | morning},
	{"팟타이", "asian", solo},
	{"분짜", "asian", cold | light | meaty},
	{"인도 커리", "asian", hot | spicy | hearty},
	{"제육 도시락", "dosirak", meaty | spicy | solo | hearty},
	{"치킨마요 도시락", "dosirak", meaty | sweet | solo},
	{"불고기 도시락", "dosirak", meaty | sweet | solo},
	{"떡볶이", "bunsik", spicy | sweet | solo | lateNight | snack},
	{"김밥", "bunsik", light | solo | morning | snack},
	{"라볶이", "bunsik", spicy | solo | snack},
	{"순대", "bunsik", hot | lateNight | snack},
	{"모둠 튀김", "bunsik", rainy | snack},
	{"빙수", "cafe_dessert", cold | sweet | snack},
	{"와플", "cafe_dessert", sweet | snack},
	{"조각 케이크", "cafe_dessert", sweet | snack},
	{"샌드위치", "cafe_dessert", light | morning | solo},
	{"햄버거 세트", "fastfood", meaty | hearty | solo},
	{"치킨버거", "fastfood", meaty | solo | lateNight},
	{"감자튀김", "fastfood", snack | lateNight},
}

// dishNorms holds normName of every catalogue name, computed once: the
// recommender compares them for every dish of every request.
var dishNorms = func() map[string]string {
	m := make(map[string]string, len(dishes))
	for _, d := range dishes {
		m[d.name] = normName(d.name)
	}
	return m
}()

// keywordCategories maps name fragments to categories, for dish names not
// in the catalogue. Order matters: a longer or more specific fragment
// comes before one it contains (쌀국수 before 국수, 탕수육 before 탕).
var keywordCategories = []struct{ fragment, category string }{
	{"쌀국수", "asian"}, {"팟타이", "asian"}, {"커리", "asian"}, {"카레", "asian"}, {"분짜", "asian"},
	{"나시고랭", "asian"}, {"똠양꿍", "asian"}, {"반미", "asian"},
	{"탕수육", "chinese"}, {"짜장", "chinese"}, {"짬뽕", "chinese"}, {"마라", "chinese"},
	{"딤섬", "chinese"}, {"깐풍", "chinese"}, {"유린기", "chinese"}, {"양장피", "chinese"},
	{"족발", "jokbal_bossam"}, {"보쌈", "jokbal_bossam"},
	{"치킨버거", "fastfood"}, {"버거", "fastfood"}, {"감자튀김", "fastfood"}, {"핫도그", "fastfood"},
	{"치킨", "chicken"}, {"닭강정", "chicken"}, {"닭다리", "chicken"},
	{"피자", "pizza"},
	{"도시락", "dosirak"},
	{"돈까스", "japanese"}, {"돈가스", "japanese"}, {"초밥", "japanese"}, {"스시", "japanese"},
	{"우동", "japanese"}, {"라멘", "japanese"}, {"소바", "japanese"}, {"덮밥", "japanese"},
	{"규동", "japanese"}, {"사시미", "japanese"}, {"회", "japanese"},
	{"떡볶이", "bunsik"}, {"김밥", "bunsik"}, {"순대", "bunsik"}, {"튀김", "bunsik"},
	{"라볶이", "bunsik"}, {"라면", "bunsik"}, {"쫄면", "bunsik"}, {"어묵", "bunsik"},
	{"파스타", "western"}, {"스테이크", "western"}, {"리조또", "western"}, {"샐러드", "western"},
	{"그라탕", "western"}, {"뇨끼", "western"},
	{"삼겹살", "meat"}, {"갈비", "meat"}, {"곱창", "meat"}, {"막창", "meat"}, {"구이", "meat"},
	{"불고기", "meat"}, {"목살", "meat"},
	{"찌개", "jjim_tang"}, {"탕", "jjim_tang"}, {"찜", "jjim_tang"}, {"전골", "jjim_tang"},
	{"국수", "korean"}, {"국밥", "korean"}, {"냉면", "korean"}, {"비빔밥", "korean"},
	{"죽", "korean"}, {"백반", "korean"}, {"전", "korean"}, {"볶음", "korean"}, {"밥", "korean"},
	{"케이크", "cafe_dessert"}, {"빙수", "cafe_dessert"}, {"와플", "cafe_dessert"},
	{"샌드위치", "cafe_dessert"}, {"마카롱", "cafe_dessert"}, {"커피", "cafe_dessert"},
	{"디저트", "cafe_dessert"}, {"토스트", "cafe_dessert"}, {"베이글", "cafe_dessert"},
}

// normName folds a dish name for comparison: no spaces, no case.
func normName(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), ""))
}

// findDish returns the catalogue entry of name: an exact match, else the
// longest catalogue name that name contains ("돼지김치찌개" → 김치찌개).
func findDish(name string) (dish, bool) {
	n := normName(name)
	var best dish
	bestLen := 0
	for _, d := range dishes {
		dn := dishNorms[d.name]
		if dn == n {
			return d, true
		}
		if l := utf8.RuneCountInString(dn); l > bestLen && strings.Contains(n, dn) {
			best, bestLen = d, l
		}
	}
	return best, bestLen > 0
}

// categoryOf guesses the category key of a dish name, from the catalogue
// and then from fragments of the name. ok is false when nothing fits.
func categoryOf(name string) (key string, ok bool) {
	if d, ok := findDish(name); ok {
		return d.category, true
	}
	n := normName(name)
	for _, k := range keywordCategories {
		if strings.Contains(n, k.fragment) {
			return k.category, true
		}
	}
	return "", false
}

// categoryKey turns what an endpoint put in "category" into a key: the
// key itself, or a Korean label of SPEC §2 (or a part of one, "중식").
func categoryKey(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if category.Valid(strings.ToLower(v)) {
		return strings.ToLower(v), true
	}
	if v == "" {
		return "", false
	}
	for _, c := range category.All {
		if c.Label == v {
			return c.Key, true
		}
		for _, part := range strings.Split(c.Label, "·") {
			if part == v {
				return c.Key, true
			}
		}
	}
	return "", false
}
