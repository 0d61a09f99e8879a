package menu

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what we pass on from an endpoint.
const (
	maxNameRunes   = 40
	maxReasonRunes = 200
	maxReplyRunes  = 1000
)

// parseContent reads the dishes out of an endpoint's message. It accepts
// the JSON we ask for ({"reply":…,"suggestions":[{name,category,reason}]}),
// the same wrapped in a Markdown code fence or in prose, a bare array, and
// the numbered list that models write when they ignore the format
// ("1. 김치찌개"). Items are returned as found; repair validates them.
func parseContent(content string) (reply string, items []Suggestion) {
	if reply, items, ok := parseJSON(content); ok {
		return reply, items
	}
	return parseList(content)
}

func parseJSON(content string) (string, []Suggestion, bool) {
	s := strings.TrimSpace(content)
	candidates := []string{s}
	if i, j := strings.Index(s, "{"), strings.LastIndex(s, "}"); i >= 0 && j > i {
		candidates = append(candidates, s[i:j+1])
	}
	if i, j := strings.Index(s, "["), strings.LastIndex(s, "]"); i >= 0 && j > i {
		candidates = append(candidates, s[i:j+1])
	}
	for _, c := range candidates {
		var v any
		if json.Unmarshal([]byte(c), &v) != nil {
			continue
		}
		switch v := v.(type) {
		case map[string]any:
			reply, _ := firstString(v, "reply", "message", "comment", "intro")
			for _, key := range []string{"suggestions", "items", "dishes", "menus", "menu", "recommendations"} {
				if arr, ok := v[key].([]any); ok {
					return reply, jsonItems(arr), true
				}
			}
			if reply != "" {
				return reply, nil, true
			}
		case []any:
			return "", jsonItems(v), true
		}
	}
	return "", nil, false
}

func jsonItems(arr []any) []Suggestion {
	var out []Suggestion
	for _, el := range arr {
		switch el := el.(type) {
		case string:
			out = append(out, Suggestion{Name: el})
		case map[string]any:
			name, _ := firstString(el, "name", "dish", "menu", "title")
			cat, _ := firstString(el, "category", "categoryKey", "category_key")
			reason, _ := firstString(el, "reason", "why", "description")
			out = append(out, Suggestion{Name: name, Category: cat, Reason: reason})
		}
	}
	return out
}

func firstString(m map[string]any, keys ...string) (string, bool) {
	for _, k := range keys {
		if s, ok := m[k].(string); ok && strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s), true
		}
	}
	return "", false
}

var (
	listItem = regexp.MustCompile(`^\s*(?:\d{1,2}\s*[.)]|[-*•·])\s+(.+)$`)
	// "김치찌개 - 이유", "김치찌개: 이유", "김치찌개 (jjim_tang) — 이유"
	itemSplit = regexp.MustCompile(`\s+[-–—]\s+|:\s+`)
	paren     = regexp.MustCompile(`\s*\(([^)]*)\)\s*$`)
)

func parseList(content string) (string, []Suggestion) {
	var intro []string
	var items []Suggestion
	for _, line := range strings.Split(content, "\n") {
		m := listItem.FindStringSubmatch(line)
		if m == nil {
			if t := strings.TrimSpace(line); t != "" && len(items) == 0 {
				intro = append(intro, t)
			}
			continue
		}
		text := strings.ReplaceAll(m[1], "**", "")
		var s Suggestion
		if parts := itemSplit.Split(text, 2); len(parts) == 2 {
			s.Name, s.Reason = parts[0], parts[1]
		} else {
			s.Name = text
		}
		if p := paren.FindStringSubmatch(s.Name); p != nil {
			s.Category = p[1]
			s.Name = s.Name[:len(s.Name)-len(p[0])]
		}
		items = append(items, s)
	}
	return strings.Join(intro, " "), items
}

// repair makes an endpoint's items a valid answer: names trimmed,
// categories that are keys (or labels) of SPEC §2, else guessed from the
// name, else the item is dropped; duplicates dropped; missing or
// non-Korean reasons written by the offline rules; at most Count items,
// and filled up to Count from the offline answer. used is how many of
// the endpoint's items made it.
func repair(req Request, reply string, items []Suggestion) (a Answer, used int) {
	var off Offline
	out := make([]Suggestion, 0, Count)
	seen := map[string]bool{}
	given := map[string]int{} // reasons written so far
	for _, it := range items {
		name := clip(strings.Trim(strings.TrimSpace(it.Name), `"'*`+"`"), maxNameRunes)
		key, ok := categoryKey(it.Category)
		if !ok {
			key, ok = categoryOf(name)
		}
		if name == "" || !ok || seen[normName(name)] {
			continue
		}
		seen[normName(name)] = true
		reason := clip(strings.TrimSpace(it.Reason), maxReasonRunes)
		if !hasHangul(reason) {
			reason = off.explain(req, name, key, given)
		}
		out = append(out, Suggestion{Name: name, Category: key, Reason: reason})
		if len(out) == Count {
			break
		}
	}
	used = len(out)
	fill, _ := off.Recommend(context.Background(), req)
	for _, s := range fill.Suggestions {
		if len(out) == Count {
			break
		}
		if !seen[normName(s.Name)] {
			seen[normName(s.Name)] = true
			out = append(out, s)
		}
	}
	reply = clip(strings.TrimSpace(reply), maxReplyRunes)
	if reply == "" {
		reply = fill.Reply
	}
	return Answer{Source: SourceOpenAI, Reply: reply, Suggestions: out}, used
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return strings.TrimSpace(string([]rune(s)[:n]))
}

func hasHangul(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Hangul, r) {
			return true
		}
	}
	return false
}
