package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"
)

// Version is set at build time with -ldflags "-X tongchou/internal/app.Version=…".
var Version = "dev"

// Main is the program: cmd/tongchou calls Run with the real environment; tests
// call it with their own clock, output and a Ready hook to learn the address.
type Main struct {
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Now    func() time.Time
	// Ready, when set, is called with the base URL once serve is listening.
	Ready func(baseURL string)
	// OnApp, when set, is called by serve with the wired App once bootstrap
	// has run and before the jobs start: for tests that drive the job
	// scheduler (App.Jobs.RunDue) with their own clock.
	OnApp func(*App)
}

const usage = `tongchou — 统筹 专项工作统筹平台

usage:
  tongchou serve [flags]      run the web server (tongchou serve --help lists the flags)
  tongchou backup FILE        write a consistent online copy of the SQLite database to FILE
  tongchou restore FILE       check FILE and put it back as the SQLite database (server stopped)
  tongchou audit verify       walk the audit chain, name the first broken entry, print the head
  tongchou version            print the version
`

// Run runs the command in args (without the program name).
func (m *Main) Run(ctx context.Context, args []string) error {
	if m.Now == nil {
		m.Now = time.Now
	}
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return errors.New("no command")
	}
	switch args[0] {
	case "serve":
		return m.serve(ctx, args[1:])
	case "backup":
		return m.backup(ctx, args[1:])
	case "restore":
		return m.restore(ctx, args[1:])
	case "audit":
		return m.audit(ctx, args[1:])
	case "version":
		fmt.Fprintln(m.Stdout, "tongchou", Version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(m.Stdout, usage)
		return nil
	default:
		fmt.Fprint(m.Stderr, usage)
		return fmt.Errorf("unknown command %q", args[0])
	}
}

// parse reads the shared flags (and serve's when serve is true).
func (m *Main) parse(name string, args []string, serve bool) (Config, *flag.FlagSet, error) {
	var c Config
	fs := flag.NewFlagSet("tongchou "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	c.flags(fs, m.Getenv)
	if serve {
		c.serveFlags(fs, m.Getenv)
	}
	if err := fs.Parse(args); err != nil {
		return c, fs, err
	}
	return c, fs, c.validate()
}
