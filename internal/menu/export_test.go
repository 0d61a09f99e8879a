package menu

import "strings"

// Internal functions exposed to the external tests of this package.
var (
	CategoryOf   = categoryOf
	MealAt       = mealAt
	ParseContent = parseContent
	Repair       = repair
)

// Meal and its values, for TestMealAt.
type Meal = meal

const (
	Breakfast = mealBreakfast
	Lunch     = mealLunch
	Afternoon = mealAfternoon
	Dinner    = mealDinner
	LateNight = mealLateNight
)

var traitNames = map[string]tag{
	"soup": soup, "hot": hot, "cold": cold, "spicy": spicy, "light": light, "hearty": hearty,
	"meaty": meaty, "sweet": sweet, "solo": solo, "rainy": rainy, "morning": morning,
	"lateNight": lateNight, "snack": snack,
}

// HasTrait reports whether the catalogue dish name has the named trait.
func HasTrait(name, trait string) bool {
	d, ok := findDish(name)
	return ok && strings.EqualFold(d.name, name) && d.tags&traitNames[trait] != 0
}

// Catalogue returns the names and categories of the catalogue.
func Catalogue() map[string]string {
	m := map[string]string{}
	for _, d := range dishes {
		m[d.name] = d.category
	}
	return m
}
