package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/demo"
	"mealbuddy/internal/config"
	"mealbuddy/internal/schema"
	mealbuddy "mealbuddy/server"
)

// The neighbourhoods of the load: every room is in the first; the
// eavesdroppers live in the second, so that not even the posts are theirs
// to view.
const (
	roomsAddress = "서울특별시 강남구 역삼동"
	eavesAddress = "서울특별시 종로구 청운동"
	password     = "password123"
	manifestName = "loadtest.json"
)

// manifest is what a seeded data directory holds for the load tool: the
// rooms, their members and the eavesdroppers, with auth tokens (valid for
// the users collection's token duration, 7 days by default).
type manifest struct {
	Seeded        time.Time `json:"seeded"`
	Rooms         []room    `json:"rooms"`
	Eavesdroppers []person  `json:"eavesdroppers"`
}

type room struct {
	Post    string   `json:"post"`
	Members []person `json:"members"` // the host first
}

type person struct {
	Id    string `json:"id"`
	Token string `json:"token"`
}

func readManifest(dir string) (*manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return nil, err
	}
	m := new(manifest)
	return m, json.Unmarshal(b, m)
}

// shape returns the first rooms rooms with perRoom members each and eaves
// eavesdroppers of m, or an error when m holds fewer.
func (m *manifest) shape(rooms, perRoom, eaves int) (*manifest, error) {
	if len(m.Rooms) < rooms || len(m.Eavesdroppers) < eaves {
		return nil, fmt.Errorf("the data directory holds %d rooms and %d eavesdroppers; use another -dir", len(m.Rooms), len(m.Eavesdroppers))
	}
	out := &manifest{Seeded: m.Seeded, Eavesdroppers: m.Eavesdroppers[:eaves]}
	for _, r := range m.Rooms[:rooms] {
		if len(r.Members) < perRoom {
			return nil, fmt.Errorf("the data directory's rooms have %d members; use another -dir", len(r.Members))
		}
		out.Rooms = append(out.Rooms, room{Post: r.Post, Members: r.Members[:perRoom]})
	}
	return out, nil
}

// prepare opens the data directory in this process (the server is not
// running yet), seeds it when it has no manifest for the shape asked, and
// refreshes the tokens.
func prepare(dir string, o options) (*manifest, error) {
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	if err := app.Bootstrap(); err != nil {
		return nil, err
	}
	defer app.ResetBootstrapState()
	if err := app.RunAllMigrations(); err != nil {
		return nil, err
	}
	mealbuddy.Bind(app, config.Default()) // every record goes through the rules, as in production

	m, err := readManifest(dir)
	if errors.Is(err, fs.ErrNotExist) {
		if o.posts > 0 {
			if err := demo.Seed(app, demo.Options{Posts: o.posts, Seed: 1, IfEmpty: true, Out: os.Stderr}); err != nil {
				return nil, err
			}
		}
		if m, err = seed(app, o.rooms, o.perRoom(), o.eavesdroppers); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, err
	}
	// Fresh tokens for all, kept for a later run against a running server.
	if err := refreshTokens(app, m); err != nil {
		return nil, err
	}
	if err := writeManifest(dir, m); err != nil {
		return nil, err
	}
	return m.shape(o.rooms, o.perRoom(), o.eavesdroppers)
}

func writeManifest(dir string, m *manifest) error {
	b, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, manifestName), b, 0o600)
}

// seed creates the load's users and rooms through the models (the hooks
// count the members and add the join messages), a few hundred to a
// transaction. The first user's bcrypt hash serves every other one:
// hashing ten thousand passwords would take minutes and measures nothing.
func seed(app core.App, rooms, perRoom, eaves int) (*manifest, error) {
	users, err := app.FindCollectionByNameOrId(schema.Users)
	if err != nil {
		return nil, err
	}
	n := 0
	var hash string
	newUser := func(tx core.App, address string) (person, error) {
		n++
		u := core.NewRecord(users)
		u.SetEmail(fmt.Sprintf("load%05d@loadtest.local", n))
		if hash == "" {
			u.SetPassword(password)
		} else {
			u.SetRaw("password", &core.PasswordFieldValue{Hash: hash})
		}
		u.Set("name", fmt.Sprintf("부하%05d", n))
		u.Set("address", address)
		if err := tx.Save(u); err != nil {
			return person{}, err
		}
		if pv, ok := u.GetRaw("password").(*core.PasswordFieldValue); ok && hash == "" {
			hash = pv.Hash
		}
		return person{Id: u.Id}, nil
	}

	m := &manifest{Seeded: time.Now().UTC()}
	started := time.Now()
	const batch = 50 // rooms per transaction
	for start := 0; start < rooms; start += batch {
		err := app.RunInTransaction(func(tx core.App) error {
			for range min(batch, rooms-start) {
				var r room
				for range perRoom {
					p, err := newUser(tx, roomsAddress)
					if err != nil {
						return err
					}
					r.Members = append(r.Members, p)
				}
				post, err := create(tx, schema.Posts, map[string]any{
					"title": fmt.Sprintf("부하 방 %d", len(m.Rooms)+1), "category": "chicken",
					"host": r.Members[0].Id, "targetCount": max(perRoom, 2),
				})
				if err != nil {
					return err
				}
				r.Post = post.Id
				for _, p := range r.Members[1:] {
					if _, err := create(tx, schema.Memberships, map[string]any{"post": post.Id, "user": p.Id}); err != nil {
						return err
					}
				}
				m.Rooms = append(m.Rooms, r)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("seeding rooms: %w", err)
		}
		fmt.Fprintf(os.Stderr, "\rseed: %d/%d rooms", len(m.Rooms), rooms)
	}
	for range eaves {
		p, err := newUser(app, eavesAddress)
		if err != nil {
			return nil, fmt.Errorf("seeding eavesdroppers: %w", err)
		}
		m.Eavesdroppers = append(m.Eavesdroppers, p)
	}
	fmt.Fprintf(os.Stderr, "\rseed: %d rooms of %d, %d eavesdroppers in %s\n", rooms, perRoom, eaves, time.Since(started).Round(time.Second))
	return m, nil
}

func create(tx core.App, collection string, fields map[string]any) (*core.Record, error) {
	c, err := tx.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nil, err
	}
	r := core.NewRecord(c)
	for k, v := range fields {
		r.Set(k, v)
	}
	return r, tx.Save(r)
}

// refreshTokens gives every person of m a fresh auth token.
func refreshTokens(app core.App, m *manifest) error {
	refresh := func(p *person) error {
		u, err := app.FindRecordById(schema.Users, p.Id)
		if err != nil {
			return err
		}
		p.Token, err = u.NewAuthToken()
		return err
	}
	for i := range m.Rooms {
		for j := range m.Rooms[i].Members {
			if err := refresh(&m.Rooms[i].Members[j]); err != nil {
				return err
			}
		}
	}
	for i := range m.Eavesdroppers {
		if err := refresh(&m.Eavesdroppers[i]); err != nil {
			return err
		}
	}
	return nil
}
