// Package demo fills an empty database with believable sample data:
// neighbours in five neighbourhoods, group orders of every category and
// state, and chat histories, plus the demo account of SPEC §5.
//
// Everything is written through the models, so the hooks keep every rule
// (counts, statuses, system messages) exactly as they would for users;
// only timestamps are moved into the past afterwards, so that the board
// and the rooms look lived in.
package demo

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"mealbuddy/internal/schema"
)

// Options of a seed run.
type Options struct {
	Posts   int    // group orders to create (the first richPosts have members and chats)
	Seed    uint64 // random seed: the same seed gives the same data
	IfEmpty bool   // do nothing when the database already has users
	Out     io.Writer
}

// richPosts is how many posts get members, chats and current deadlines;
// the rest (for --posts in the thousands) are older, quieter history.
const richPosts = 150

// NewCommand returns the `seed` command.
func NewCommand(app core.App) *cobra.Command {
	opts := Options{Posts: 120, Seed: 1}
	cmd := &cobra.Command{
		Use:   "seed",
		Short: "Fill the database with demo neighbours, group orders and chats",
		Long: "Creates demo data, including the account " + TestEmail + " / " + TestPassword +
			" (" + TestAddress + ") and the dashboard superuser " + AdminEmail + " / " + AdminPassword + ".",
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			opts.Out = os.Stderr // PocketBase silences the command's own error writer
			return Seed(app, opts)
		},
	}
	cmd.Flags().IntVar(&opts.Posts, schema.Posts, opts.Posts, "number of group orders to create (100000 works)")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", opts.Seed, "random seed")
	cmd.Flags().BoolVar(&opts.IfEmpty, "if-empty", false, "skip when the database already has users (for `make run`)")
	return cmd
}

// Seed creates the demo data in app.
func Seed(app core.App, o Options) error {
	if o.Out == nil {
		o.Out = io.Discard
	}
	if o.IfEmpty {
		n, err := app.CountRecords(schema.Users)
		if err != nil {
			return err
		}
		if n > 0 {
			fmt.Fprintf(o.Out, "seed: the database already has %d users; nothing to do\n", n)
			return nil
		}
	}

	s := &seeder{app: app, rnd: rand.New(rand.NewPCG(o.Seed, 0x6d65616c)), now: time.Now()}
	if err := s.createPeople(); err != nil {
		return err
	}
	fmt.Fprintf(o.Out, "seed: %d neighbours in %d neighbourhoods\n", s.userCount(), len(neighbourhoods))

	bar := newProgress(o.Out, o.Posts)
	rich := min(o.Posts, richPosts)
	for i := range rich {
		if err := s.richPost(i); err != nil {
			return fmt.Errorf("post %d: %w", i, err)
		}
		bar.set(i + 1)
	}
	// The long tail is written in large transactions: one commit per
	// batch instead of one per post is what makes 100,000 posts quick.
	const batch = 500
	for start := rich; start < o.Posts; start += batch {
		end := min(start+batch, o.Posts)
		err := app.RunInTransaction(func(tx core.App) error {
			for i := start; i < end; i++ {
				if err := s.bulkPost(tx, i-rich); err != nil {
					return fmt.Errorf("post %d: %w", i, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		bar.set(end)
	}
	bar.done()

	fmt.Fprintf(o.Out, "seed: sign in as %s / %s; dashboard %s / %s\n", TestEmail, TestPassword, AdminEmail, AdminPassword)
	return nil
}
