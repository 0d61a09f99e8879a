package hooks

import (
	"fmt"
	"image"
	_ "image/gif" // decoders for image.DecodeConfig: the avatar types of SPEC §1
	_ "image/jpeg"
	_ "image/png"

	"github.com/pocketbase/pocketbase/core"
	_ "golang.org/x/image/webp"

	"mealbuddy/internal/apperr"
	"mealbuddy/internal/schema"
)

// maxImageSide is the largest width or height an avatar may declare
// (SPEC §1). A small file can declare a huge canvas: a 389 KB PNG of
// 10000×10000 pixels took 3.5 s and 750 MB to thumbnail.
const maxImageSide = 4096

func bindAvatars(app core.App) {
	app.OnRecordCreate(schema.Users).BindFunc(refuseImageBombs)
	app.OnRecordUpdate(schema.Users).BindFunc(refuseImageBombs)
}

// refuseImageBombs reads only the header of each new avatar
// (image.DecodeConfig) and refuses one that declares more than
// maxImageSide pixels a side, before it is stored or thumbnailed. A file
// whose header cannot be read is left to the field's own type check.
func refuseImageBombs(e *core.RecordEvent) error {
	for _, f := range e.Record.GetUnsavedFiles("avatar") {
		r, err := f.Reader.Open()
		if err != nil {
			return err
		}
		cfg, _, err := image.DecodeConfig(r)
		r.Close()
		if err != nil {
			continue
		}
		if cfg.Width > maxImageSide || cfg.Height > maxImageSide {
			return apperr.New("avatar", apperr.ImageTooLarge,
				fmt.Sprintf("The image may be at most %d × %d pixels.", maxImageSide, maxImageSide))
		}
	}
	return e.Next()
}
