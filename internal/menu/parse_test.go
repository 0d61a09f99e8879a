package menu_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"mealbuddy/internal/menu"
)

// fixtureContent is message.content of testdata/openai/chat_completion_ok.json.
func fixtureContent(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile("testdata/openai/chat_completion_ok.json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Choices []struct {
			Message struct{ Content string }
		}
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	return v.Choices[0].Message.Content
}

func names(items []menu.Suggestion) string {
	var n []string
	for _, it := range items {
		n = append(n, it.Name)
	}
	return strings.Join(n, ",")
}

func TestParseContent(t *testing.T) {
	for _, tc := range []struct {
		name, content, reply, names string
	}{
		{"fixture numbered list", fixtureContent(t),
			"비가 내리는 쌀쌀한 저녁(기온 3.2℃, 습도 88%)이라 따뜻한 국물 요리를 추천해요.", "김치찌개,해물파전,칼국수,순두부찌개,어묵탕"},
		{"JSON object", `{"reply":"추천해요","suggestions":[{"name":"짬뽕","category":"chinese","reason":"얼큰해요"}]}`, "추천해요", "짬뽕"},
		{"JSON in a code fence", "```json\n{\"reply\":\"네\",\"suggestions\":[{\"name\":\"피자\",\"category\":\"pizza\"}]}\n```", "네", "피자"},
		{"JSON after prose", `좋아요! {"suggestions":[{"dish":"초밥"}]} 맛있게 드세요`, "", "초밥"},
		{"bare array of strings", `["김밥","라면"]`, "", "김밥,라면"},
		{"markdown list with reasons", "오늘은 이거!\n- **짜장면**: 든든해요\n- 탕수육 — 바삭해요\n* 우동 (japanese) - 따뜻해요", "오늘은 이거!", "짜장면,탕수육,우동"},
		{"numbered with parenthesis", "1) 족발\n2) 보쌈", "", "족발,보쌈"},
		{"no list at all", "죄송해요, 지금은 추천이 어려워요.", "죄송해요, 지금은 추천이 어려워요.", ""},
		{"broken JSON", `{"reply":"추천","suggestions":[{"name":"김치`, `{"reply":"추천","suggestions":[{"name":"김치`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reply, items := menu.ParseContent(tc.content)
			if reply != tc.reply || names(items) != tc.names {
				t.Errorf("got %q [%s], want %q [%s]", reply, names(items), tc.reply, tc.names)
			}
		})
	}
}

func TestParseContentListFields(t *testing.T) {
	_, items := menu.ParseContent("- **짜장면**: 든든해요\n* 우동 (japanese) - 따뜻해요")
	if items[0].Reason != "든든해요" || items[1].Category != "japanese" || items[1].Reason != "따뜻해요" {
		t.Errorf("%+v", items)
	}
}

func TestRepair(t *testing.T) {
	req := menu.Request{Weather: report(3.2, "rain", "overcast"), Now: at(18)}
	for _, tc := range []struct {
		name  string
		items []menu.Suggestion
		used  int
		check func(t *testing.T, a menu.Answer)
	}{
		{"fixture list: categories guessed, reasons written", []menu.Suggestion{
			{Name: "김치찌개"}, {Name: "해물파전"}, {Name: "칼국수"}, {Name: "순두부찌개"}, {Name: "어묵탕"},
		}, 5, func(t *testing.T, a menu.Answer) {
			want := []string{"jjim_tang", "korean", "korean", "jjim_tang", "jjim_tang"}
			for i, s := range a.Suggestions {
				if s.Category != want[i] {
					t.Errorf("%s: %q, want %q", s.Name, s.Category, want[i])
				}
			}
		}},
		{"unknown category guessed from name, label mapped", []menu.Suggestion{
			{Name: "돼지김치찌개", Category: "stew", Reason: "좋아요"}, {Name: "짜장면", Category: "중식", Reason: "좋아요"},
			{Name: "마르게리타", Category: "피자", Reason: "좋아요"},
		}, 3, func(t *testing.T, a menu.Answer) {
			if a.Suggestions[0].Category != "jjim_tang" || a.Suggestions[1].Category != "chinese" || a.Suggestions[2].Category != "pizza" {
				t.Errorf("%+v", a.Suggestions)
			}
		}},
		{"unknowable dish dropped and filled", []menu.Suggestion{{Name: "Xyzzy", Category: "space_food"}, {Name: "짬뽕"}}, 1,
			func(t *testing.T, a menu.Answer) {
				if a.Suggestions[0].Name != "짬뽕" || strings.Contains(names(a.Suggestions), "Xyzzy") {
					t.Errorf("%+v", a.Suggestions)
				}
			}},
		{"too many: first five", []menu.Suggestion{
			{Name: "김밥"}, {Name: "라면"}, {Name: "떡볶이"}, {Name: "순대"}, {Name: "튀김"}, {Name: "어묵"}, {Name: "쫄면"},
		}, 5, func(t *testing.T, a menu.Answer) {
			if names(a.Suggestions) != "김밥,라면,떡볶이,순대,튀김" {
				t.Errorf("%s", names(a.Suggestions))
			}
		}},
		{"duplicates dropped", []menu.Suggestion{{Name: "김밥"}, {Name: "김 밥"}, {Name: "\"김밥\""}}, 1, nil},
		{"English reason replaced", []menu.Suggestion{{Name: "짬뽕", Category: "chinese", Reason: "Spicy soup"}}, 1,
			func(t *testing.T, a menu.Answer) {
				if !korean(a.Suggestions[0].Reason) {
					t.Errorf("reason %q", a.Suggestions[0].Reason)
				}
			}},
		{"nothing usable", nil, 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, used := menu.Repair(req, "", tc.items)
			if used != tc.used {
				t.Errorf("used %d, want %d", used, tc.used)
			}
			if a.Source != "openai" {
				t.Errorf("source %q", a.Source)
			}
			checkAnswer(t, a, 1)
			if tc.check != nil {
				tc.check(t, a)
			}
		})
	}
}

func TestCategoryOf(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"김치찌개", "jjim_tang"}, {"해물파전", "korean"}, {"칼국수", "korean"}, {"어묵탕", "jjim_tang"},
		{"베트남 쌀국수", "asian"}, {"잔치국수", "korean"}, {"탕수육", "chinese"}, {"차돌 된장찌개", "jjim_tang"},
		{"반반치킨", "chicken"}, {"불고기버거", "fastfood"}, {"연어덮밥", "japanese"}, {"티라미수 케이크", "cafe_dessert"},
		{"LA갈비", "meat"}, {"", ""}, {"Xyzzy", ""},
	} {
		got, ok := menu.CategoryOf(tc.name)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("CategoryOf(%q) = %q, %v; want %q", tc.name, got, ok, tc.want)
		}
	}
}
