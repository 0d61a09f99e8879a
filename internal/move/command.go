package move

import (
	"fmt"
	"os"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// NewCommand returns `account export` and `account import`, run on the
// old and the new region's node (docs/OPERATIONS.md).
func NewCommand(app core.App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "account",
		Short: "Carry a neighbour's account to another region's node (export here, import there)",
	}

	var email string
	export := &cobra.Command{
		Use:          "export",
		Short:        "Write the account with --email as JSON to standard output (password as its hash)",
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := Export(app, email)
			if err != nil {
				return err
			}
			return Write(cmd.OutOrStdout(), a)
		},
	}
	export.Flags().StringVar(&email, "email", "", "the account's e-mail")
	_ = export.MarkFlagRequired("email")

	var address, file string
	imp := &cobra.Command{
		Use:          "import",
		Short:        "Create the account from an export (--file, or standard input) in its new neighbourhood (--address)",
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			in := cmd.InOrStdin()
			if file != "" {
				f, err := os.Open(file)
				if err != nil {
					return err
				}
				defer f.Close()
				in = f
			}
			a, err := Read(in)
			if err != nil {
				return fmt.Errorf("read the account file: %w", err)
			}
			u, err := Import(app, a, address)
			if err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "account: %s (%s) now lives at %s on this node\n", u.Email(), u.GetString("name"), u.GetString("address"))
			return nil
		},
	}
	imp.Flags().StringVar(&address, "address", "", "the new neighbourhood, e.g. 서울특별시 종로구 청운동 (default: the old one)")
	imp.Flags().StringVar(&file, "file", "", "the export to read (default: standard input)")

	cmd.AddCommand(export, imp)
	return cmd
}
