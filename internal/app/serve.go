package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

func (m *Main) serve(ctx context.Context, args []string) error {
	cfg, _, err := m.parse("serve", args, true)
	if err != nil {
		return err
	}
	slog.SetDefault(newLogger(cfg, m.Stderr))
	setMemoryLimit(m.Getenv) // serve_memory.go
	a, err := New(ctx, cfg, m.Now)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.bootstrap(ctx, cfg.Demo, m.Getenv("TONGCHOU_DEMO_PASSWORD"), m.Stdout); err != nil {
		return err
	}
	if m.OnApp != nil {
		m.OnApp(a)
	}
	// Background jobs start after bootstrap so they see a filled database, and
	// stop (finishing a run in progress) when serve returns.
	if err := a.Jobs.Start(ctx); err != nil {
		return fmt.Errorf("start jobs: %w", err)
	}
	defer a.Jobs.Stop()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	base := "http://" + ln.Addr().String()
	slog.Info("listening", "url", base, "db", a.DB.Dialect(), "crypto", a.Suite.Name(), "version", Version)
	fmt.Fprintln(m.Stdout, "tongchou listening on", base)
	if m.Ready != nil {
		m.Ready(base)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Graceful shutdown: stop accepting, let in-flight requests finish.
	slog.Info("shutting down", "wait", cfg.ShutdownWait)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownWait)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
