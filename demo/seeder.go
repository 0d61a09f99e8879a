package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"mealbuddy/hooks"
	"mealbuddy/internal/category"
	"mealbuddy/internal/schema"
)

type seeder struct {
	app       core.App
	rnd       *rand.Rand
	now       time.Time
	residents [][]*core.Record // per neighbourhood
	me        *core.Record     // the demo account
}

func (s *seeder) userCount() int {
	n := 0
	for _, r := range s.residents {
		n += len(r)
	}
	return n
}

func (s *seeder) save(app core.App, collection string, fields map[string]any) (*core.Record, error) {
	c, err := app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nil, err
	}
	r := core.NewRecord(c)
	for k, v := range fields {
		r.Set(k, v)
	}
	return r, app.Save(r)
}

// createPeople creates the residents, the demo account and the superuser.
func (s *seeder) createPeople() error {
	users, err := s.app.FindCollectionByNameOrId(schema.Users)
	if err != nil {
		return err
	}
	s.residents = make([][]*core.Record, len(neighbourhoods))
	for i, n := range neighbourhoods {
		for j, name := range n.people {
			u := core.NewRecord(users)
			u.SetEmail(fmt.Sprintf("neighbour%d.%d@test.com", i+1, j+1))
			u.SetPassword(TestPassword)
			u.SetVerified(true)
			u.Set("name", name)
			u.Set("address", n.address)
			u.Set("location", s.near(n))
			if err := s.app.Save(u); err != nil {
				return fmt.Errorf("user %s: %w", name, err)
			}
			s.residents[i] = append(s.residents[i], u)
		}
	}

	s.me = core.NewRecord(users)
	s.me.SetEmail(TestEmail)
	s.me.SetPassword(TestPassword)
	s.me.SetVerified(true)
	s.me.Set("name", "테스트유저")
	s.me.Set("address", TestAddress)
	s.me.Set("location", types.GeoPoint{Lon: neighbourhoods[0].lon, Lat: neighbourhoods[0].lat})
	if err := s.app.Save(s.me); err != nil {
		return fmt.Errorf("demo account: %w", err)
	}
	s.residents[0] = append(s.residents[0], s.me)

	supers, err := s.app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return err
	}
	if _, err := s.app.FindAuthRecordByEmail(supers, AdminEmail); err == nil {
		return nil
	}
	admin := core.NewRecord(supers)
	admin.SetEmail(AdminEmail)
	admin.SetPassword(AdminPassword)
	return s.app.Save(admin)
}

// near returns a point within about 300 m of a neighbourhood's centre.
func (s *seeder) near(n neighbourhood) types.GeoPoint {
	return types.GeoPoint{Lon: n.lon + (s.rnd.Float64()-0.5)*0.006, Lat: n.lat + (s.rnd.Float64()-0.5)*0.006}
}

// pick returns a random element.
func pick[T any](rnd *rand.Rand, list []T) T { return list[rnd.IntN(len(list))] }

// postFields returns the fields of a plausible group order.
func (s *seeder) postFields(cat string, n neighbourhood, host *core.Record, target int) map[string]any {
	m := menus[cat]
	f := map[string]any{
		"title":       pick(s.rnd, m.titles),
		"content":     pick(s.rnd, contents),
		"category":    cat,
		"host":        host.Id,
		"restaurant":  pick(s.rnd, m.restaurants) + " " + lastWord(n.address) + "점",
		"targetCount": target,
		"pickupSpot":  pick(s.rnd, n.spots),
	}
	if s.rnd.IntN(5) > 0 {
		f["minOrderAmount"] = m.minOrder
		f["deliveryFee"] = m.fee + 500*s.rnd.IntN(4)
	}
	if s.rnd.IntN(2) == 0 {
		f["location"] = s.near(n)
	}
	return f
}

func lastWord(address string) string {
	for i := len(address) - 1; i >= 0; i-- {
		if address[i] == ' ' {
			return address[i+1:]
		}
	}
	return address
}

// richPost creates a current group order with members, a state and a
// chat, then moves its timeline into the recent past.
func (s *seeder) richPost(i int) error {
	hood := 0
	if i%2 == 1 { // half of the rich posts are in the demo account's neighbourhood
		hood = 1 + s.rnd.IntN(len(neighbourhoods)-1)
	}
	n, people := neighbourhoods[hood], s.residents[hood]
	host := pick(s.rnd, people)
	if hood == 0 && i%16 == 0 {
		host = s.me // the demo account hosts some groups...
	}
	cat := category.All[i%len(category.All)].Key
	target := 2 + s.rnd.IntN(5)
	// every stage of SPEC §6, the board's open groups most of all
	state := []string{
		schema.StatusRecruiting, schema.StatusRecruiting, schema.StatusOrdered, schema.StatusRecruiting, schema.StatusFull,
		schema.StatusDelivered, schema.StatusClosed, schema.StatusDone, schema.StatusRecruiting, schema.StatusRecruiting,
		schema.StatusFull, schema.StatusCancelled,
	}[i%12]
	sheetOpen := state == schema.StatusRecruiting || state == schema.StatusFull || state == schema.StatusClosed

	fields := s.postFields(cat, n, host, target)
	if state != schema.StatusClosed && sheetOpen && s.rnd.IntN(3) > 0 {
		fields["deadline"] = types.NowDateTime().Add(time.Duration(30+s.rnd.IntN(72*60)) * time.Minute)
	}
	post, err := s.save(s.app, schema.Posts, fields)
	if err != nil {
		return err
	}

	// members: everyone but the host, the demo account first (...and joins others)
	others := make([]*core.Record, 0, len(people))
	for _, p := range people {
		if p.Id != host.Id {
			others = append(others, p)
		}
	}
	s.rnd.Shuffle(len(others), func(a, b int) { others[a], others[b] = others[b], others[a] })
	joins := s.rnd.IntN(target)
	if state == schema.StatusFull {
		joins = target - 1
	}
	members := []*core.Record{host}
	for _, u := range others[:min(joins, len(others))] {
		if _, err := s.save(s.app, schema.Memberships, map[string]any{"post": post.Id, "user": u.Id}); err != nil {
			return err
		}
		members = append(members, u)
	}
	if hood == 0 && host.Id != s.me.Id && (i%6 == 0 || !sheetOpen) && len(members) < target && state != schema.StatusClosed {
		if _, err := s.save(s.app, schema.Memberships, map[string]any{"post": post.Id, "user": s.me.Id}); err == nil {
			members = append(members, s.me)
		}
	}

	if len(members) > 1 {
		for range 2 + s.rnd.IntN(6) {
			if _, err := s.save(s.app, schema.Messages, map[string]any{
				"post": post.Id, "author": pick(s.rnd, members).Id, "body": pick(s.rnd, chatter),
			}); err != nil {
				return err
			}
		}
	}
	if err := s.sheet(post.Id, cat, members); err != nil {
		return err
	}
	if err := s.stage(post.Id, state, members); err != nil {
		return err
	}

	// newest first: post i was opened about i*35 minutes ago
	return s.backdate(s.app, post.Id, s.now.Add(-time.Duration(i*35+5)*time.Minute), 2*time.Minute)
}

// sheet puts one or two lines on the order sheet for most members.
func (s *seeder) sheet(postId, cat string, members []*core.Record) error {
	for _, m := range members {
		if s.rnd.IntN(4) == 0 {
			continue // not everyone has chosen yet
		}
		for range 1 + s.rnd.IntN(2) {
			d := pick(s.rnd, dishes[cat])
			if _, err := s.save(s.app, schema.OrderItems, map[string]any{
				"post": postId, "user": m.Id, "name": d.name, "price": d.price,
				"quantity": 1 + s.rnd.IntN(2), "note": pick(s.rnd, notes),
			}); err != nil {
				return err
			}
		}
	}
	return nil
}

// stage moves a post to state through the same rules a host follows:
// close it, or place the order (topping the sheet up to the minimum with
// the host's own line), then payments marked and confirmed, delivery,
// settlement or cancellation.
func (s *seeder) stage(postId, state string, members []*core.Record) error {
	setStatus := func(status, reason string) error {
		post, err := s.app.FindRecordById(schema.Posts, postId)
		if err != nil {
			return err
		}
		post.Set("status", status)
		post.Set("cancelReason", reason)
		return s.app.Save(post)
	}
	switch state {
	case schema.StatusRecruiting, schema.StatusFull:
		return nil
	case schema.StatusClosed:
		return setStatus(schema.StatusClosed, "")
	case schema.StatusCancelled:
		if s.rnd.IntN(2) == 0 {
			return setStatus(schema.StatusCancelled, pick(s.rnd, cancelReasons))
		}
	}

	post, err := s.app.FindRecordById(schema.Posts, postId)
	if err != nil {
		return err
	}
	host := members[0]
	if short := post.GetInt("minOrderAmount") - post.GetInt("itemsTotal"); short > 0 || post.GetInt("itemsTotal") == 0 {
		if _, err := s.save(s.app, schema.OrderItems, map[string]any{
			"post": postId, "user": host.Id, "name": "추가 메뉴", "price": max(short, 5000), "quantity": 1,
		}); err != nil {
			return err
		}
	}
	fee := post.GetInt("deliveryFee")
	if fee == 0 {
		fee = 3000
	}
	if _, err := hooks.PlaceOrder(s.app, postId, fee, pick(s.rnd, payAccounts)+" "+host.GetString("name"), ""); err != nil {
		return fmt.Errorf("placing the order: %w", err)
	}

	// payments: most members send, the host confirms some (all when done)
	now := types.NowDateTime()
	for _, m := range members[1:] {
		row, err := s.app.FindFirstRecordByFilter(schema.Memberships, "post = {:p} && user = {:u}", dbx.Params{"p": postId, "u": m.Id})
		if err != nil || row.GetInt("amountDue") == 0 {
			continue
		}
		paid := state == schema.StatusDone || s.rnd.IntN(3) > 0
		if paid {
			row.Set("paidAt", now)
		}
		if state == schema.StatusDone || (paid && state == schema.StatusDelivered && s.rnd.IntN(2) == 0) {
			row.Set("confirmedAt", now)
		}
		if err := s.app.Save(row); err != nil {
			return err
		}
	}
	switch state {
	case schema.StatusDelivered, schema.StatusDone:
		// done follows by itself once everything is confirmed
		return setStatus(schema.StatusDelivered, "")
	case schema.StatusCancelled:
		return setStatus(schema.StatusCancelled, pick(s.rnd, cancelReasons))
	}
	return nil
}

// bulkPost creates an older, quieter group order for a large board.
func (s *seeder) bulkPost(tx core.App, k int) error {
	hood := s.rnd.IntN(len(neighbourhoods))
	n, people := neighbourhoods[hood], s.residents[hood]
	host := pick(s.rnd, people)
	cat := pick(s.rnd, category.All).Key
	full := s.rnd.IntN(10) == 0

	target := 2 + s.rnd.IntN(5)
	if full {
		target = 2
	}
	post, err := s.save(tx, schema.Posts, s.postFields(cat, n, host, target))
	if err != nil {
		return err
	}
	if full {
		if _, err := s.save(tx, schema.Memberships, map[string]any{"post": post.Id, "user": people[(indexOf(people, host)+1)%len(people)].Id}); err != nil {
			return err
		}
	} else if s.rnd.IntN(10) < 7 {
		post, err = tx.FindRecordById(schema.Posts, post.Id)
		if err != nil {
			return err
		}
		post.Set("status", schema.StatusClosed)
		if err := tx.Save(post); err != nil {
			return err
		}
	}
	// spread over the weeks before the rich posts
	opened := s.now.Add(-time.Duration(richPosts*35) * time.Minute).Add(-time.Duration(k) * 47 * time.Second)
	return s.backdate(tx, post.Id, opened, 90*time.Second)
}

func indexOf(list []*core.Record, r *core.Record) int {
	for i, x := range list {
		if x.Id == r.Id {
			return i
		}
	}
	return 0
}

// backdate moves a post's timeline so that it starts at opened: the post,
// then its memberships and messages in the order they were written, step
// apart. Only timestamps change; counts and rules are untouched.
func (s *seeder) backdate(app core.App, postId string, opened time.Time, step time.Duration) error {
	ts := func(t time.Time) string {
		if t.After(s.now) {
			t = s.now
		}
		dt, _ := types.ParseDateTime(t)
		return dt.String()
	}
	db := app.DB()
	if _, err := db.Update(schema.Posts, dbx.Params{"created": ts(opened)}, dbx.HashExp{"id": postId}).Execute(); err != nil {
		return err
	}
	at := opened
	for _, table := range []string{schema.Memberships, schema.Messages} {
		var ids []string
		if err := db.Select("id").From(table).Where(dbx.HashExp{"post": postId}).OrderBy("rowid").Column(&ids); err != nil {
			return err
		}
		if table == schema.Messages {
			at = opened // messages interleave with the joins they follow
		}
		for _, id := range ids {
			at = at.Add(step + time.Duration(s.rnd.IntN(int(step))))
			row := dbx.Params{"created": ts(at), "updated": ts(at)}
			if table == schema.Memberships {
				row["lastReadAt"] = ts(at) // read up to the join, as hooks/memberships.go starts it
			}
			if _, err := db.Update(table, row, dbx.HashExp{"id": id}).Execute(); err != nil {
				return err
			}
		}
	}
	_, err := db.Update(schema.Posts, dbx.Params{"updated": ts(at)}, dbx.HashExp{"id": postId}).Execute()
	return err
}
