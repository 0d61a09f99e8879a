// Package category holds the food categories of a group order (SPEC §2).
//
// The keys are stored in posts.category and returned by the menu
// recommender; the labels are what the web app shows. This is the only
// place where the list is written down on the server side.
package category

// Category is one food category: a stable key and its Korean label.
type Category struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

// All lists every category in the order the board shows its chips.
var All = []Category{
	{"jokbal_bossam", "족발·보쌈"},
	{"jjim_tang", "찜·탕·찌개"},
	{"japanese", "돈까스·회·일식"},
	{"pizza", "피자"},
	{"meat", "고기구이"},
	{"western", "양식"},
	{"chicken", "치킨"},
	{"chinese", "중식"},
	{"asian", "아시안"},
	{"korean", "백반·죽·국수"},
	{"dosirak", "도시락"},
	{"bunsik", "분식"},
	{"cafe_dessert", "카페·디저트"},
	{"fastfood", "패스트푸드"},
}

// Keys returns the category keys in display order.
func Keys() []string {
	keys := make([]string, len(All))
	for i, c := range All {
		keys[i] = c.Key
	}
	return keys
}

// Valid reports whether key is one of the category keys.
func Valid(key string) bool {
	for _, c := range All {
		if c.Key == key {
			return true
		}
	}
	return false
}

// Label returns the Korean label of key, or "" for an unknown key.
func Label(key string) string {
	for _, c := range All {
		if c.Key == key {
			return c.Label
		}
	}
	return ""
}
