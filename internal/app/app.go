package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/crypt"
	"tongchou/internal/notify"
	"tongchou/internal/notify/jobs"
	"tongchou/internal/settings"
	"tongchou/internal/store"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

// App is the wired program: the database, the services and the HTTP handler.
type App struct {
	Config  Config
	DB      *store.DB
	Suite   crypt.Suite
	Audit   *audit.Log
	UI      *ui.UI
	Auth    *auth.Service
	Handler http.Handler
	Notify  *notify.Service // in-app notifications and the outbox
	Jobs    *jobs.Scheduler // background jobs; serve starts it
	Now     func() time.Time
}

// New opens the database, migrates it and wires every feature.
func New(ctx context.Context, cfg Config, now func() time.Time) (*App, error) {
	keys, err := loadKeys(cfg.KeyFile)
	if err != nil {
		return nil, err
	}
	suite, err := crypt.New(cfg.Crypto, keys)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, cfg.DB, store.Options{Synchronous: cfg.SQLiteSync})
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, DB: db, Suite: suite, Audit: audit.New(db, suite, now), Now: now}
	if err := a.wire(); err != nil {
		db.Close()
		return nil, err
	}
	a.UI.Watermark = a.watermarkOn
	// Tasks stored before full-text search existed get their search documents.
	if _, err := task.New(db, a.Audit, now).ReindexSearch(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

// Close closes the database.
func (a *App) Close() error { return a.DB.Close() }

func newLogger(cfg Config, w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// watermarkOn reads the setting on every request so that a change on the
// settings page takes effect at once; a failed read leaves the mark off and is
// logged, since the page itself can still be shown.
func (a *App) watermarkOn(r *http.Request) bool {
	v, err := settings.Get(r.Context(), a.DB, settings.WatermarkKey)
	if err != nil {
		slog.WarnContext(r.Context(), "read watermark setting", "err", err)
	}
	return v == "1"
}

// healthz answers 200 ok when the database answers.
func (a *App) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := a.DB.Ping(ctx); err != nil {
		slog.Error("health check", "err", err)
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprint(w, "ok")
}
