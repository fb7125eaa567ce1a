package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"centerstage/models"
	"centerstage/services"
	"centerstage/services/backup"
)

// cmdBackup writes a backup of the whole center; the server may go on
// serving meanwhile (see services/backup).
func cmdBackup(ctx context.Context, clock services.Clock, args []string, stdout io.Writer) error {
	var cfg config
	var out string
	flags := flag.NewFlagSet("backup", flag.ContinueOnError)
	flags.StringVar(&out, "out", "", "file to write (a zip; it holds the password hashes: keep it safe)")
	if err := parseCommand(flags, &cfg, args); err != nil {
		return err
	}
	if out == "" {
		return errors.New("backup: --out FILE is required")
	}
	// Opened without migrating: a backup changes nothing, and an SQLite
	// path that does not exist is an error, not a new empty database.
	if dialect, path, _ := models.ParseDSN(cfg.DB); dialect == models.SQLite {
		path, _, _ = strings.Cut(path, "?")
		if _, err := os.Stat(path); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
	}
	db, err := models.OpenWith(cfg.DB, models.Options{Timeout: cfg.DBTimeout})
	if err != nil {
		return err
	}
	defer closeDB(db)
	var m backup.Manifest
	err = writeAtomically(out, func(w io.Writer) error {
		m, err = backup.New(db, clock, appVersion()).Write(ctx, w)
		return err
	})
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s: %d tables, %d rows, schema %s\n", out, len(m.Tables), m.RowCount(), m.Schema)
	return nil
}

// cmdRestore loads a backup into an empty database (or, with --force, over
// whatever it holds).
func cmdRestore(ctx context.Context, clock services.Clock, args []string, stdout io.Writer) error {
	var cfg config
	var in string
	var force bool
	flags := flag.NewFlagSet("restore", flag.ContinueOnError)
	flags.StringVar(&in, "in", "", "backup file to restore")
	flags.BoolVar(&force, "force", false, "replace everything the database holds")
	if err := parseCommand(flags, &cfg, args); err != nil {
		return err
	}
	if in == "" {
		return errors.New("restore: --in FILE is required")
	}
	f, err := os.Open(in)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	// Checked before the database is opened: a refused file does not even
	// leave an empty SQLite file behind.
	if _, err := backup.Verify(f, st.Size()); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	// One statement of a restore (emptying or filling a large table) may
	// take longer than a request's query should.
	db, err := models.OpenWith(cfg.DB, models.Options{Timeout: max(cfg.DBTimeout, restoreDBTimeout)})
	if err != nil {
		return err
	}
	defer closeDB(db)
	m, err := backup.New(db, clock, appVersion()).Restore(ctx, f, st.Size(), force)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Fprintf(stdout, "restored %s (taken %s from %s, CenterStage %s): %d tables, %d rows; everyone logs in again\n",
		in, m.CreatedAt, m.SourceEngine, m.AppVersion, len(m.Tables), m.RowCount())
	return nil
}

// restoreDBTimeout is the least time one statement of a restore may take.
const restoreDBTimeout = 5 * time.Minute

// appVersion names this build: its module version, and the commit when the
// binary was built from a checkout.
func appVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			v += " " + s.Value
		case "vcs.modified":
			if s.Value == "true" {
				v += "+modified"
			}
		}
	}
	return v
}
