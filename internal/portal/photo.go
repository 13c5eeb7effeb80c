package portal

import (
	"errors"
	"fmt"
	"mime/multipart"

	"tongchou/internal/appeal"
	"tongchou/internal/files"
)

// storePhotos stores the form's photos (field "photos") through
// appeal.PutPhoto, which accepts only JPEG and PNG (told from the content)
// and re-encodes them so that EXIF (GPS position, camera owner) and other
// metadata are dropped. The string is a message key for the field when a
// photo is refused.
func (p *Portal) storePhotos(fhs []*multipart.FileHeader, max int) ([]files.Blob, string, error) {
	var out []files.Blob
	for _, fh := range fhs {
		if fh.Size == 0 && fh.Filename == "" {
			continue // the empty file input of a form sent without photos
		}
		if len(out) >= max {
			return nil, "portal.err.photos_many", nil
		}
		f, err := fh.Open()
		if err != nil {
			return nil, "", fmt.Errorf("open photo: %w", err)
		}
		b, err := p.Appeals.PutPhoto(f, fh.Filename)
		f.Close()
		switch {
		case errors.Is(err, appeal.ErrPhotoType):
			return nil, "portal.err.photo_type", nil
		case errors.Is(err, appeal.ErrPhotoLarge):
			return nil, "portal.err.photo_large", nil
		case err != nil:
			return nil, "", err
		}
		out = append(out, b)
	}
	return out, "", nil
}
