// Package app wires configuration, the store and the features into one
// program: the commands, the routes and the server.
package app

import (
	"flag"
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"tongchou/internal/abuse"
	"tongchou/internal/audit"
	"tongchou/internal/files"
	"tongchou/internal/store"
)

// Config is the configuration of serve (and of the other commands that open
// the database). Every flag falls back to an environment variable.
type Config struct {
	Addr          string
	DB            string
	Demo          bool
	KeyFile       string
	Crypto        string
	LogFormat     string
	LogLevel      string
	SecureCookies bool
	SQLiteSync    string
	ShutdownWait  time.Duration
	FilesDir      string // uploaded files, content-addressed; "" means "files" beside the key file
	UploadMaxMB   int64  // the largest upload accepted, in MB
	// PublicAllow lists addresses/prefixes exempt from the public pages' rate
	// limits and challenges (abuse package); TrustedProxies those whose
	// X-Forwarded-For is believed. Both empty by default.
	PublicAllow    string
	TrustedProxies string
}

// flags registers the shared flags on fs with their environment fallbacks.
func (c *Config) flags(fs *flag.FlagSet, getenv func(string) string) {
	env := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	envBool := func(k string, def bool) bool {
		if b, err := strconv.ParseBool(getenv(k)); err == nil {
			return b
		}
		return def
	}
	fs.StringVar(&c.DB, "db", env("TONGCHOU_DB", store.DefaultURL),
		"database: sqlite:PATH (embedded default) or postgres://user:pass@host/db (env TONGCHOU_DB)")
	fs.StringVar(&c.KeyFile, "key-file", env("TONGCHOU_KEY_FILE", "./data/tongchou.key"),
		"file with the audit-hash and data-encryption keys, created on first start; keep a copy apart from backups (env TONGCHOU_KEY_FILE)")
	fs.StringVar(&c.Crypto, "crypto", env("TONGCHOU_CRYPTO", "std"),
		"algorithms: std (HMAC-SHA256, AES-256-GCM) or gm (HMAC-SM3, SM4-GCM, 国密) (env TONGCHOU_CRYPTO)")
	fs.StringVar(&c.LogFormat, "log-format", env("TONGCHOU_LOG_FORMAT", "text"), "log format: text or json (env TONGCHOU_LOG_FORMAT)")
	fs.StringVar(&c.LogLevel, "log-level", env("TONGCHOU_LOG_LEVEL", "info"), "log level: debug, info, warn, error (env TONGCHOU_LOG_LEVEL)")
	fs.StringVar(&c.SQLiteSync, "sqlite-sync", env("TONGCHOU_SQLITE_SYNC", "FULL"),
		"SQLite synchronous pragma: FULL keeps acknowledged writes through a power cut (env TONGCHOU_SQLITE_SYNC)")
	fs.StringVar(&c.FilesDir, "files-dir", env("TONGCHOU_FILES_DIR", "./data/files"),
		"folder for uploaded attachments, stored once per content under their SHA-256 (env TONGCHOU_FILES_DIR)")
	c.UploadMaxMB = 20
	if n, err := strconv.ParseInt(getenv("TONGCHOU_UPLOAD_MAX_MB"), 10, 64); err == nil && n > 0 {
		c.UploadMaxMB = n
	}
	fs.Int64Var(&c.UploadMaxMB, "upload-max-mb", c.UploadMaxMB, "largest attachment accepted, in MB (env TONGCHOU_UPLOAD_MAX_MB)")
	c.SecureCookies = envBool("TONGCHOU_SECURE_COOKIES", true)
	fs.BoolVar(&c.SecureCookies, "secure-cookies", c.SecureCookies,
		"mark cookies Secure (browsers still accept them from http://localhost) (env TONGCHOU_SECURE_COOKIES)")
}

// serveFlags adds the flags only serve has.
func (c *Config) serveFlags(fs *flag.FlagSet, getenv func(string) string) {
	def := getenv("TONGCHOU_ADDR")
	if def == "" {
		def = "127.0.0.1:8080"
	}
	fs.StringVar(&c.Addr, "addr", def, "listen address host:port (env TONGCHOU_ADDR)")
	fs.BoolVar(&c.Demo, "demo", getenv("TONGCHOU_DEMO") == "1",
		"on an empty database, load the demo district and print the demo accounts; password from TONGCHOU_DEMO_PASSWORD or generated (env TONGCHOU_DEMO=1)")
	wait := 20 * time.Second
	if d, err := time.ParseDuration(getenv("TONGCHOU_SHUTDOWN_WAIT")); err == nil {
		wait = d
	}
	fs.StringVar(&c.PublicAllow, "public-allow", getenv("TONGCHOU_PUBLIC_ALLOW"),
		"addresses or prefixes (comma-separated) exempt from the public form's rate limit and challenge, e.g. 127.0.0.1 for a load test; empty by default (env TONGCHOU_PUBLIC_ALLOW)")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", getenv("TONGCHOU_TRUSTED_PROXIES"),
		"reverse proxies (comma-separated addresses or prefixes) whose X-Forwarded-For names the client (env TONGCHOU_TRUSTED_PROXIES)")
	fs.DurationVar(&c.ShutdownWait, "shutdown-wait", wait, "how long in-flight requests may run after SIGTERM (env TONGCHOU_SHUTDOWN_WAIT)")
}

// filesStore opens the attachment store the configuration names. A Config
// built in code (tests) may leave the folder and limit empty: the files then
// go beside the key file, with the default limit.
func (c *Config) filesStore(db *store.DB, log *audit.Log, now func() time.Time) *files.Store {
	dir := c.FilesDir
	if dir == "" {
		dir = filepath.Join(filepath.Dir(c.KeyFile), "files")
	}
	fs := files.New(dir, db, log, now)
	if c.UploadMaxMB > 0 {
		fs.Limit = c.UploadMaxMB << 20
	}
	return fs
}

func (c *Config) validate() error {
	if c.Crypto != "std" && c.Crypto != "gm" {
		return fmt.Errorf("--crypto %q: want std or gm", c.Crypto)
	}
	if c.UploadMaxMB < 0 || c.UploadMaxMB > 1<<20 {
		return fmt.Errorf("--upload-max-mb %d: want 1 to 1048576", c.UploadMaxMB)
	}
	if _, err := abuse.ParsePrefixes(c.PublicAllow); err != nil {
		return fmt.Errorf("--public-allow: %w", err)
	}
	if _, err := abuse.ParsePrefixes(c.TrustedProxies); err != nil {
		return fmt.Errorf("--trusted-proxies: %w", err)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("--log-format %q: want text or json", c.LogFormat)
	}
	return nil
}
