package chart

import (
	"errors"
	"fmt"
	"os"
	"sync"

	"github.com/golang/freetype/truetype"
)

// FontEnv names the environment variable that points PNG at a font file.
const FontEnv = "TONGCHOU_CHART_FONT"

// ErrNoFont is returned by PNG when no usable Chinese TrueType font is found: the configured
// file is missing or unreadable, or none of the system paths has one. Callers then put
// tables only into documents and log the error, which says what was tried.
var ErrNoFont = errors.New("chart: no TrueType font with Chinese glyphs")

// systemFonts are tried in order when no font is configured. Only TrueType-outline fonts
// work (the library cannot read CFF outlines, so Noto Sans CJK is not on the list).
var systemFonts = []string{
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",            // Debian/Ubuntu fonts-wqy-microhei
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",              // Debian/Ubuntu fonts-wqy-zenhei
	"/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",            // Fedora, openEuler
	"/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",  // Arch, Alpine
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", // Debian fonts-droid-fallback
	"/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf",
	`C:\Windows\Fonts\simhei.ttf`,
}

var (
	fontMu    sync.Mutex
	fontCache = map[string]*truetype.Font{}
)

// FindFont returns the path of the font PNG would use for configured (a path from
// configuration; empty: TONGCHOU_CHART_FONT, then the system list), or an ErrNoFont error.
func FindFont(configured string) (string, error) {
	_, path, err := loadFont(configured)
	return path, err
}

// loadFont resolves and parses the font, caching parsed fonts by path.
func loadFont(configured string) (*truetype.Font, string, error) {
	if configured == "" {
		configured = os.Getenv(FontEnv)
	}
	if configured != "" {
		// A configured font that is missing is an error to report, not a reason to pick
		// another one silently.
		f, err := parseFont(configured)
		return f, configured, err
	}
	for _, path := range systemFonts {
		if _, err := os.Stat(path); err != nil {
			continue
		}
		if f, err := parseFont(path); err == nil {
			return f, path, nil
		}
	}
	return nil, "", fmt.Errorf("%w: set %s or install fonts-wqy-microhei (tried %d system paths)", ErrNoFont, FontEnv, len(systemFonts))
}

func parseFont(path string) (*truetype.Font, error) {
	fontMu.Lock()
	defer fontMu.Unlock()
	if f, ok := fontCache[path]; ok {
		return f, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoFont, err)
	}
	f, err := truetype.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrNoFont, path, err)
	}
	if f.Index('统') == 0 {
		return nil, fmt.Errorf("%w: %s has no Chinese glyphs", ErrNoFont, path)
	}
	fontCache[path] = f
	return f, nil
}
