package menu

import (
	"strings"
	"unicode/utf8"

	"mealbuddy/internal/category"
	"mealbuddy/internal/weather"
)

// wishWord maps a word of the wish to a trait the user wants.
type wishWord struct {
	word string
	tag  tag
}

// Negations come first and are removed from the text before the positive
// words are searched, so that "안 매운 거" does not also count as "매운".
var avoidWords = []wishWord{
	{"안 매운", spicy}, {"안매운", spicy}, {"맵지 않", spicy}, {"맵지않", spicy}, {"덜 매운", spicy},
	{"순한", spicy}, {"안 무거운", hearty}, {"느끼하지 않", hearty},
}

var wishWords = []wishWord{
	{"매운", spicy}, {"매콤", spicy}, {"얼큰", spicy}, {"칼칼", spicy}, {"맵게", spicy}, {"화끈", spicy},
	{"국물", soup}, {"뜨끈", soup}, {"따뜻", hot}, {"따끈", hot}, {"속풀이", soup}, {"해장", soup},
	{"가벼운", light}, {"가볍게", light}, {"담백", light}, {"다이어트", light}, {"건강", light}, {"깔끔", light},
	{"고기", meaty}, {"육식", meaty}, {"단백질", meaty},
	{"달달", sweet}, {"달콤", sweet}, {"단 거", sweet}, {"단거", sweet}, {"디저트", sweet}, {"간식", snack},
	{"혼밥", solo}, {"혼자", solo}, {"1인", solo},
	{"시원", cold}, {"차가운", cold}, {"냉", cold},
	{"든든", hearty}, {"배고", hearty}, {"푸짐", hearty}, {"배불리", hearty},
	{"야식", lateNight},
}

// wishPhrases says, in Korean, why a dish fits a wished trait. A slice,
// not a map: equal points keep this order, so reasons are deterministic.
var wishPhrases = []struct {
	tag  tag
	text string
}{
	{spicy, "매콤한 게 당길 때 딱이에요."},
	{soup, "원하신 뜨끈한 국물 요리예요."},
	{hot, "따뜻하게 먹기 좋아요."},
	{light, "가볍고 깔끔하게 먹기 좋아요."},
	{meaty, "고기가 당길 때 만족스러운 메뉴예요."},
	{sweet, "달달한 게 생각날 때 좋아요."},
	{snack, "가볍게 간식으로 즐기기 좋아요."},
	{solo, "혼밥으로 1인분 주문하기 편해요."},
	{cold, "시원하게 즐기기 좋아요."},
	{hearty, "배를 든든하게 채워줘요."},
	{lateNight, "야식으로 제격이에요."},
}

// conditions are the inputs of the rules, read once per request.
type conditions struct {
	temp     *float64
	precip   string
	sky      string
	meal     meal
	want     tag
	avoid    tag
	wantCats map[string]bool
	text     string // the wish, folded for dish-name matches
	seed     string
	// phrases naming the temperature, built once rather than per dish
	coldSoup, chillySoup, hotCold string
}

func newConditions(req Request) conditions {
	c := conditions{precip: weather.PrecipNone, sky: weather.SkyUnknown, meal: mealAt(req.Now), wantCats: map[string]bool{}}
	if w := req.Weather; w != nil {
		t := w.Temperature
		c.temp, c.precip, c.sky = &t, w.Precipitation, w.Sky
		temp := weather.FormatTemp(t)
		c.coldSoup = "기온 " + temp + ", 이런 추위엔 뜨끈한 국물이 최고예요."
		c.chillySoup = "쌀쌀한 날씨(" + temp + ")에 따뜻한 국물이 잘 어울려요."
		c.hotCold = "기온 " + temp + ", 더운 날 시원하게 즐기기 좋아요."
	}
	msg := strings.TrimSpace(req.Message)
	rest := msg
	for _, w := range avoidWords {
		if strings.Contains(rest, w.word) {
			c.avoid |= w.tag
			rest = strings.ReplaceAll(rest, w.word, " ")
		}
	}
	for _, w := range wishWords {
		if strings.Contains(rest, w.word) {
			c.want |= w.tag
		}
	}
	c.want &^= c.avoid
	for _, k := range keywordCategories {
		// one-letter fragments (회, 전, 죽, 탕, 찜, 밥) are too ambiguous in
		// free text: "회사", "전에", "밥 뭐 먹지"
		if utf8.RuneCountInString(k.fragment) > 1 && strings.Contains(rest, k.fragment) {
			c.wantCats[k.category] = true
		}
	}
	for _, cat := range category.All {
		if strings.Contains(rest, cat.Key) {
			c.wantCats[cat.Key] = true
		}
	}
	c.text = normName(rest)
	c.seed = req.Now.In(weather.Seoul).Format("2006-01-02") + "|" + c.meal.label() + "|" + c.text
	return c
}

// score weighs a dish. Every rule that applies adds points and says why;
// the weights make a wish beat the weather, and the weather beat the meal.
func (c conditions) score(d dish) scoredDish {
	s := scoredDish{dish: d, points: jitter(c.seed, d.name)}
	add := func(when bool, points float64, text string) {
		if when {
			s.points += points
			s.reasons = append(s.reasons, weighed{points, text})
		}
	}
	has := func(t tag) bool { return d.tags&t != 0 }

	// the wish
	for _, w := range wishPhrases {
		add(c.want&w.tag != 0 && has(w.tag), 10, w.text)
		add(c.avoid&w.tag != 0 && has(w.tag), -10, "")
	}
	if c.wantCats[d.category] { // the text is built only when needed: this runs per dish
		add(true, 10, "말씀하신 "+category.Label(d.category)+" 메뉴예요.")
	}
	add(c.text != "" && dishNorms[d.name] != "" && strings.Contains(c.text, dishNorms[d.name]), 12, "찾으신 바로 그 메뉴예요.")

	// the temperature
	if c.temp != nil {
		t := *c.temp
		switch {
		case t < 5:
			add(has(soup), 3.5, c.coldSoup)
			add(has(hot) && !has(soup), 3, "추운 날 따뜻하게 먹기 좋아요.")
			add(has(cold), -4, "")
		case t < 12:
			add(has(soup), 2.5, c.chillySoup)
			add(has(hot) && !has(soup), 2, "쌀쌀한 날 따뜻하게 먹기 좋아요.")
			add(has(cold), -2, "")
		case t < 20:
			add(has(light), 0.5, "선선한 날씨에 부담 없이 먹기 좋아요.")
		case t < 27:
			add(has(light), 1, "포근한 날씨에 가볍게 먹기 좋아요.")
			add(has(cold), 1, "포근한 날씨에 시원하게 먹기 좋아요.")
		default:
			add(has(cold), 4, c.hotCold)
			add(has(light), 2, "더운 날에도 부담 없이 먹기 좋아요.")
			add(has(hot), -2, "")
		}
	}
	// rain and snow
	switch c.precip {
	case weather.PrecipRain, weather.PrecipShower, weather.PrecipDrizzle:
		add(has(rainy), 3, "비 오는 날 생각나는 메뉴예요.")
		add(has(soup), 1.5, "비 오는 날엔 따끈한 국물이 좋아요.")
	case weather.PrecipSnow, weather.PrecipRainSnow:
		add(has(hot), 2, "눈 오는 날 따뜻하게 즐기기 좋아요.")
		add(has(rainy), 1, "궂은 날 생각나는 메뉴예요.")
	default:
		add(c.sky == weather.SkyOvercast && has(soup), 0.5, "흐린 날 따뜻한 국물이 어울려요.")
		add(c.sky == weather.SkyClear && c.temp != nil && *c.temp >= 15 && has(light), 0.5, "맑은 날 가볍게 먹기 좋아요.")
	}

	// the meal
	switch c.meal {
	case mealBreakfast:
		add(has(morning), 4, "아침으로 부담 없이 먹기 좋아요.")
		add(has(lateNight), -2, "")
		add(has(meaty), -1.5, "")
		add(has(spicy), -1, "")
	case mealLunch:
		add(has(solo), 1.5, "점심에 혼자서도 간편하게 먹기 좋아요.")
		add(d.category == "dosirak", 1, "점심 도시락으로 알맞아요.")
	case mealAfternoon:
		add(has(snack), 3, "출출한 오후 간식으로 딱이에요.")
		add(has(sweet), 2, "오후에 달달하게 기분 전환하기 좋아요.")
		add(has(hearty), -1, "")
	case mealDinner:
		add(has(hearty), 2, "저녁으로 든든하게 먹기 좋아요.")
		add(has(meaty), 1, "저녁에 푸짐하게 나눠 먹기 좋아요.")
	case mealLateNight:
		add(has(lateNight), 3.5, "늦은 밤 야식으로 인기 많은 메뉴예요.")
		add(has(morning), -2, "")
	}
	return s
}

// reply is the Korean line above the suggestions, e.g. "비가 오는 쌀쌀한
// 저녁이에요(3.2℃). 따뜻한 메뉴 위주로 골라봤어요."
func (c conditions) reply() string {
	var b strings.Builder
	if c.temp == nil {
		b.WriteString(withCopula(c.meal.label()) + ". ")
	} else {
		if s := map[string]string{
			weather.PrecipRain: "비가 오는", weather.PrecipShower: "소나기가 내리는", weather.PrecipDrizzle: "빗방울이 떨어지는",
			weather.PrecipSnow: "눈이 오는", weather.PrecipRainSnow: "진눈깨비가 내리는",
		}[c.precip]; s != "" {
			b.WriteString(s + " ")
		} else if s := map[string]string{weather.SkyClear: "맑고", weather.SkyOvercast: "흐리고"}[c.sky]; s != "" {
			b.WriteString(s + " ")
		}
		t := *c.temp
		feel := "더운"
		switch {
		case t < 5:
			feel = "추운"
		case t < 12:
			feel = "쌀쌀한"
		case t < 20:
			feel = "선선한"
		case t < 27:
			feel = "포근한"
		}
		b.WriteString(feel + " " + withCopula(c.meal.label()) + "(" + weather.FormatTemp(t) + "). ")
	}
	switch {
	case c.want != 0 || len(c.wantCats) > 0:
		b.WriteString("말씀하신 취향에 맞춰 다섯 가지 골라봤어요.")
	case c.temp != nil && *c.temp < 12:
		b.WriteString("따뜻한 메뉴 위주로 다섯 가지 골라봤어요.")
	case c.temp != nil && *c.temp >= 27:
		b.WriteString("시원한 메뉴 위주로 다섯 가지 골라봤어요.")
	default:
		b.WriteString("이웃과 함께 주문하기 좋은 메뉴 다섯 가지를 골라봤어요.")
	}
	return b.String()
}

// withCopula appends 이에요 or 예요, whichever the last syllable takes.
func withCopula(word string) string {
	r, _ := utf8.DecodeLastRuneInString(word)
	if r >= 0xAC00 && r <= 0xD7A3 && (r-0xAC00)%28 != 0 {
		return word + "이에요"
	}
	return word + "예요"
}
