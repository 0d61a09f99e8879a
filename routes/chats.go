package routes

import (
	"database/sql"
	"net/http"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/schema"
)

// chatRoom is one item of GET /api/mealbuddy/chats (SPEC §3).
type chatRoom struct {
	Post        chatPost     `json:"post"`
	Role        string       `json:"role"`
	LastMessage *lastMessage `json:"lastMessage"`
	Unread      int          `json:"unread"`
	// Owes is the caller's amountDue while the host has not confirmed it
	// (SPEC §3): what the chat list shows as "송금 필요". A cancelled
	// order owes nothing, whatever its dues say (docs/RULES.md).
	Owes int `json:"owes"`
}

type chatPost struct {
	Id          string `json:"id"`
	Title       string `json:"title"`
	Status      string `json:"status"`
	JoinedCount int    `json:"joinedCount"`
	TargetCount int    `json:"targetCount"`
	Category    string `json:"category"`
}

type lastMessage struct {
	Body       string `json:"body"`
	Kind       string `json:"kind"`
	Created    string `json:"created"`
	AuthorName string `json:"authorName"` // "" for system messages and deleted accounts
}

// chatsQuery reads every room of a user in one statement; the correlated
// subqueries use the (post, created) index of messages. Rooms sort by their
// last message, or by the time the user joined when the room is silent.
const chatsQuery = `
SELECT
	m.role AS role,
	p.id AS postId, p.title AS title, p.status AS status,
	p.joinedCount AS joinedCount, p.targetCount AS targetCount, p.category AS category,
	last.body AS lastBody, last.kind AS lastKind, last.created AS lastCreated,
	COALESCE(u.name, '') AS lastAuthor,
	(SELECT COUNT(*) FROM messages x
		WHERE x.post = p.id AND x.created > m.lastReadAt AND x.author != {:me}) AS unread,
	CASE WHEN m.confirmedAt = '' AND p.status != '` + schema.StatusCancelled + `' THEN m.amountDue ELSE 0 END AS owes
FROM memberships m
JOIN posts p ON p.id = m.post
LEFT JOIN messages last ON last.id = (
	SELECT id FROM messages WHERE post = p.id ORDER BY created DESC, rowid DESC LIMIT 1)
LEFT JOIN users u ON u.id = last.author AND last.author != ''
WHERE m.user = {:me}
ORDER BY COALESCE(last.created, m.created) DESC
LIMIT 500`

// listChats answers GET /api/mealbuddy/chats: the caller's rooms, most
// recent activity first, with the last message and the unread count
// (messages after lastReadAt not written by the caller).
func listChats(e *core.RequestEvent) error {
	var rows []struct {
		Role        string         `db:"role"`
		PostId      string         `db:"postId"`
		Title       string         `db:"title"`
		Status      string         `db:"status"`
		JoinedCount int            `db:"joinedCount"`
		TargetCount int            `db:"targetCount"`
		Category    string         `db:"category"`
		LastBody    sql.NullString `db:"lastBody"`
		LastKind    sql.NullString `db:"lastKind"`
		LastCreated sql.NullString `db:"lastCreated"`
		LastAuthor  string         `db:"lastAuthor"`
		Unread      int            `db:"unread"`
		Owes        int            `db:"owes"`
	}
	err := e.App.DB().NewQuery(chatsQuery).Bind(dbx.Params{"me": e.Auth.Id}).All(&rows)
	if err != nil {
		return e.InternalServerError("Failed to load the chats.", err)
	}

	items := make([]chatRoom, len(rows))
	for i, r := range rows {
		items[i] = chatRoom{
			Post: chatPost{
				Id: r.PostId, Title: r.Title, Status: r.Status,
				JoinedCount: r.JoinedCount, TargetCount: r.TargetCount, Category: r.Category,
			},
			Role:   r.Role,
			Unread: r.Unread,
			Owes:   r.Owes,
		}
		if r.LastCreated.Valid {
			items[i].LastMessage = &lastMessage{
				Body: r.LastBody.String, Kind: r.LastKind.String, Created: r.LastCreated.String, AuthorName: r.LastAuthor,
			}
		}
	}
	return e.JSON(http.StatusOK, map[string]any{"items": items})
}
