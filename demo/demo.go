// Package demo fills an empty database with believable sample data.
package demo

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// NewCommand returns the `seed` command.
func NewCommand(app core.App) *cobra.Command {
	return &cobra.Command{
		Use:   "seed",
		Short: "Fill the database with demo neighbours, group orders and chats",
		RunE: func(cmd *cobra.Command, args []string) error {
			return nil
		},
	}
}
