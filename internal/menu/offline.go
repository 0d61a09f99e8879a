package menu

import (
	"cmp"
	"context"
	"hash/fnv"
	"slices"
	"strings"

	"mealbuddy/internal/category"
)

// perCategory caps the dishes of one category in an offline answer, so
// that five dishes always span at least three categories.
const perCategory = 2

// Offline is the built-in recommender. It scores every dish of the
// catalogue by the temperature, the precipitation and sky, the meal of the
// day and the keywords of the wish, and picks the best five. The same
// inputs always give the same answer: the only "randomness" is a hash of
// the day, the meal and the wish, which varies the order of equally good
// dishes from one day to the next.
type Offline struct{}

// Recommend implements Recommender. It never fails.
func (Offline) Recommend(_ context.Context, req Request) (Answer, error) {
	c := newConditions(req)
	scored := make([]scoredDish, len(dishes))
	for i, d := range dishes {
		scored[i] = c.score(d)
	}
	slices.SortStableFunc(scored, func(a, b scoredDish) int {
		if a.points != b.points {
			return cmp.Compare(b.points, a.points)
		}
		return strings.Compare(a.dish.name, b.dish.name)
	})

	perCat := map[string]int{}
	used := map[string]int{}
	out := make([]Suggestion, 0, Count)
	for _, s := range scored {
		if perCat[s.dish.category] >= perCategory {
			continue
		}
		perCat[s.dish.category]++
		out = append(out, Suggestion{Name: s.dish.name, Category: s.dish.category, Reason: s.reason(used)})
		if len(out) == Count {
			break
		}
	}
	return Answer{Source: SourceOffline, Reply: c.reply(), Suggestions: out}, nil
}

// explain gives a Korean reason for a dish under the request's
// conditions: the catalogue's rules when the dish is known, else a line
// about its category. It fills the reasons an endpoint left out; used
// (may be nil) counts the sentences already given, so that five reasons
// written together differ.
func (Offline) explain(req Request, name, categoryKey string, used map[string]int) string {
	c := newConditions(req)
	if d, ok := findDish(name); ok && d.category == categoryKey {
		return c.score(d).reason(used)
	}
	return c.score(dish{name: name, category: categoryKey}).reason(used)
}

// scoredDish is a dish with its points and why it got them.
type scoredDish struct {
	dish    dish
	points  float64
	reasons []weighed
}

type weighed struct {
	points float64
	text   string
}

// reason is the strongest positive reason, and the second one too when it
// is strong and different, e.g. "비 오는 날 생각나는 메뉴예요. 매콤한 게
// 당길 때 딱이에요." Reasons already given for earlier dishes (counted in
// used, which may be nil) weigh less, so that five dishes do not all get
// the same sentence.
func (s scoredDish) reason(used map[string]int) string {
	rs := slices.Clone(s.reasons)
	weight := func(r weighed) float64 { return r.points / (1 + 2*float64(used[r.text])) }
	slices.SortStableFunc(rs, func(a, b weighed) int { return cmp.Compare(weight(b), weight(a)) })
	var texts []string
	for _, r := range rs {
		if r.points < 2 || slices.Contains(texts, r.text) {
			continue
		}
		texts = append(texts, r.text)
		if used != nil {
			used[r.text]++
		}
		if len(texts) == 2 {
			break
		}
	}
	if len(texts) == 0 {
		return category.Label(s.dish.category) + " 중에서 누구나 무난하게 즐기기 좋은 메뉴예요."
	}
	return strings.Join(texts, " ")
}

// jitter is a deterministic tie-breaker in [0, 0.9) for a dish under
// these conditions.
func jitter(seed, name string) float64 {
	h := fnv.New64a()
	h.Write([]byte(seed))
	h.Write([]byte{0})
	h.Write([]byte(name))
	return float64(h.Sum64()%900) / 1000
}
