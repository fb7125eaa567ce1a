// Command harness measures CenterStage at the scale of a city's cultural
// center: it generates a dataset (several years of history, series,
// multi-day and midnight-crossing activities, the duty-statement targets),
// starts the real server binary on it (and an older one beside it, each on
// its own copy), and times every operation over HTTP beside its raw-SQL
// floor, interleaved, failing when an answer differs from the floor's. On
// MySQL it then load-tests bookings on one and two instances and counts
// double bookings. Run it through scripts/bench/run.sh.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	gomysql "github.com/go-sql-driver/mysql"
)

type options struct {
	scale, db, mysqlDSN string
	binary, before      string
	only, label         string
	load, history       bool
	rounds, heavy       int
	loadSeconds         float64
	seed                uint64
	keep                bool
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "bench:", err)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.StringVar(&o.scale, "scale", "S", "S (smoke test), M or L (ten years, 200 staff, 200,000 activities)")
	fs.StringVar(&o.db, "db", "sqlite", "sqlite or mysql")
	fs.StringVar(&o.mysqlDSN, "mysql", envOr("CENTERSTAGE_TEST_MYSQL", "root:@tcp(127.0.0.1:3306)/"), "MySQL server DSN (env CENTERSTAGE_TEST_MYSQL); a database of a unique name is created and dropped")
	fs.StringVar(&o.binary, "binary", "", "the server binary to measure (default: go build of this checkout)")
	fs.StringVar(&o.before, "before", "", "an older server binary to measure beside it, on its own copy of the data")
	fs.StringVar(&o.label, "label", "", "the name of --binary in the results (default new, or after with --before)")
	fs.StringVar(&o.only, "only", "", "run only the operations whose name contains this")
	fs.BoolVar(&o.load, "load", true, "on MySQL, the load test of bookings per second")
	fs.BoolVar(&o.history, "history", true, "false: generate only the counted year (the same year's data without the years before)")
	fs.IntVar(&o.rounds, "rounds", 0, "timed rounds of each light operation (default the scale's)")
	fs.IntVar(&o.heavy, "heavy-rounds", 0, "timed rounds of each counting operation (default the scale's)")
	fs.Float64Var(&o.loadSeconds, "load-seconds", 0, "seconds of each load-test level (default the scale's)")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the generated data")
	fs.BoolVar(&o.keep, "keep", false, "keep the databases (SQLite files are kept in the printed directory)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	sc, ok := Scales[strings.ToUpper(o.scale)]
	if !ok {
		return fmt.Errorf("--scale %q: S, M or L", o.scale)
	}
	if !o.history {
		sc.FirstYear = sc.LastYear
	}
	if o.rounds > 0 {
		sc.Rounds = o.rounds
	}
	if o.heavy > 0 {
		sc.HeavyRounds = o.heavy
	}
	if o.loadSeconds > 0 {
		sc.LoadSeconds = o.loadSeconds
	}
	if o.db != "sqlite" && o.db != "mysql" {
		return fmt.Errorf("--db %q: sqlite or mysql", o.db)
	}
	dir, err := os.MkdirTemp("", "centerstage-bench-")
	if err != nil {
		return err
	}
	if !o.keep {
		defer os.RemoveAll(dir)
	}
	if o.binary == "" {
		o.binary = filepath.Join(dir, "centerstage")
		fmt.Fprintln(out, "building the server: go build -o", o.binary, ".")
		cmd := exec.Command("go", "build", "-o", o.binary, ".")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build: %w", err)
		}
	}
	vs := []*variant{{name: "new", bin: o.binary}}
	if o.before != "" {
		vs[0].name = "after"
		vs = append(vs, &variant{name: "before", bin: o.before})
	}
	if o.label != "" {
		vs[0].name = o.label
	}
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "scale %s on %s; machine: %d CPUs, %s; load average %s\n", sc.Name, o.db, runtime.NumCPU(), cpuModel(), loadavg())
	began := time.Now()
	ds := Generate(sc, loc, time.Now(), o.seed)
	fmt.Fprintf(out, "generated %d activities (%d series) in %v\n", len(ds.Acts), len(ds.Series), time.Since(began).Round(time.Millisecond))
	dbs := &databases{o: o, dir: dir}
	defer dbs.drop(out)
	if err := dbs.prepare(ctx, vs, ds, out); err != nil {
		return err
	}
	for _, v := range vs {
		in, err := startServer(v.bin, v.addr)
		if err != nil {
			return err
		}
		v.inst = append(v.inst, in)
		defer func() {
			for _, in := range v.inst {
				in.stop()
			}
		}()
		if err := setUp(ctx, v, ds); err != nil {
			return fmt.Errorf("%s: %w", v.name, err)
		}
	}
	if vs[0].fl.mysql {
		var version string
		if err := vs[0].fl.db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err == nil {
			fmt.Fprintln(out, "database server", version)
		}
	}
	w := &world{ds: ds, cells: newCells(ds), year: sc.LastYear}
	fmt.Fprintf(out, "measuring (load average %s)\n", loadavg())
	rs, err := runOps(ctx, w, vs, o.only, out)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nscale %s, %s, %d activities; p50 and p99 in ms over the rounds; load average after: %s\n\n",
		sc.Name, o.db, len(ds.Acts), loadavg())
	printResults(out, rs, vs)
	if o.db == "mysql" && o.load && o.only == "" {
		if err := loadTest(ctx, w, vs, out); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "\ndone in %v; load average %s\n", time.Since(began).Round(time.Second), loadavg())
	return nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

// setUp logs in as the bench admin and applies what the app itself writes
// for a counted year: the duty-statement targets and its assessment scheme.
func setUp(ctx context.Context, v *variant, ds *Dataset) error {
	v.cl = newClient(v.inst[0].base)
	if err := v.cl.login(ctx); err != nil {
		return err
	}
	year := ds.Scale.LastYear
	body := map[string]any{"template": "duty-statement", "year": year}
	if err := v.cl.call(ctx, "POST", "/targets/apply-template", body, 201, nil); err != nil {
		if err2 := v.cl.call(ctx, "POST", "/targets/apply-template", body, 200, nil); err2 != nil {
			return err
		}
	}
	var ts struct {
		Items []struct {
			ID     uint64 `json:"id"`
			Metric string `json:"metric"`
		} `json:"items"`
	}
	if err := v.cl.call(ctx, "GET", fmt.Sprintf("/targets?year=%d", year), nil, 200, &ts); err != nil {
		return err
	}
	for _, t := range ts.Items {
		if t.Metric == "person_days" {
			v.personDays = t.ID
		}
	}
	var a struct {
		ID uint64 `json:"id"`
	}
	if err := v.cl.call(ctx, "POST", "/assessments/from-template", body, 201, &a); err != nil {
		return err
	}
	v.assessment = a.ID
	return nil
}

// databases creates, fills, copies and drops the run's databases.
type databases struct {
	o       options
	dir     string
	created []string // MySQL databases to drop
}

func (d *databases) addr(name string) (string, error) {
	if d.o.db == "sqlite" {
		return "sqlite:" + filepath.Join(d.dir, name+".db"), nil
	}
	c, err := gomysql.ParseDSN(d.o.mysqlDSN)
	if err != nil {
		return "", fmt.Errorf("--mysql: %w", err)
	}
	c.DBName = fmt.Sprintf("cs_bench_%d_%s", os.Getpid(), name)
	return "mysql:" + c.FormatDSN(), nil
}

func (d *databases) exec(ctx context.Context, q string) error {
	db, _, err := sqlDB("mysql:" + d.o.mysqlDSN)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, q)
	return err
}

func (d *databases) create(ctx context.Context, name string) (string, error) {
	addr, err := d.addr(name)
	if err != nil || d.o.db == "sqlite" {
		return addr, err
	}
	c, _ := gomysql.ParseDSN(strings.TrimPrefix(addr, "mysql:"))
	if err := d.exec(ctx, "CREATE DATABASE `"+c.DBName+"` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		return "", err
	}
	d.created = append(d.created, c.DBName)
	return addr, nil
}

func (d *databases) drop(out io.Writer) {
	if d.o.keep {
		fmt.Fprintln(out, "kept:", d.dir, strings.Join(d.created, " "))
		return
	}
	for _, name := range d.created {
		if err := d.exec(context.Background(), "DROP DATABASE `"+name+"`"); err != nil {
			fmt.Fprintln(out, "drop", name+":", err)
		}
	}
}

// prepare gives each variant its database: the oldest binary migrates the
// first, the bench admin is created through it and the dataset written;
// each other variant gets a copy, upgraded by its own binary's migrations as
// a production database would be.
func (d *databases) prepare(ctx context.Context, vs []*variant, ds *Dataset, out io.Writer) error {
	oldest := vs[len(vs)-1]
	first, err := d.create(ctx, oldest.name)
	if err != nil {
		return err
	}
	if err := runBinary(oldest.bin, first, "migrate"); err != nil {
		return err
	}
	if err := runBinary(oldest.bin, first, "user", "create", "--username", adminUser, "--password", adminPassword,
		"--role", "admin", "--name", "基准管理员"); err != nil {
		return err
	}
	began := time.Now()
	db, _, err := sqlDB(first)
	if err != nil {
		return err
	}
	err = Write(ctx, db, d.o.db == "sqlite", ds.Tables())
	if err == nil && d.o.db == "sqlite" {
		_, err = db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	}
	db.Close()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote the dataset in %v\n", time.Since(began).Round(time.Millisecond))
	oldest.addr = first
	for _, v := range vs[:len(vs)-1] {
		if v.addr, err = d.copy(ctx, first, v.name); err != nil {
			return err
		}
		if err := runBinary(v.bin, v.addr, "migrate"); err != nil {
			return err
		}
	}
	for _, v := range vs {
		db, dialect, err := sqlDB(v.addr)
		if err != nil {
			return err
		}
		v.fl = &floor{db: db, mysql: dialect == "mysql", loc: ds.Loc, actorID: 1}
	}
	return nil
}

func (d *databases) copy(ctx context.Context, from, name string) (string, error) {
	to, err := d.create(ctx, name)
	if err != nil {
		return "", err
	}
	if d.o.db == "sqlite" {
		b, err := os.ReadFile(strings.TrimPrefix(from, "sqlite:"))
		if err != nil {
			return "", err
		}
		return to, os.WriteFile(strings.TrimPrefix(to, "sqlite:"), b, 0o600)
	}
	src, _ := gomysql.ParseDSN(strings.TrimPrefix(from, "mysql:"))
	dst, _ := gomysql.ParseDSN(strings.TrimPrefix(to, "mysql:"))
	db, _, err := sqlDB(from)
	if err != nil {
		return "", err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SELECT table_name FROM information_schema.tables WHERE table_schema = ?", src.DBName)
	if err != nil {
		return "", err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return "", err
		}
		tables = append(tables, t)
	}
	rows.Close()
	for _, t := range tables {
		for _, q := range []string{
			fmt.Sprintf("CREATE TABLE `%s`.`%s` LIKE `%s`.`%s`", dst.DBName, t, src.DBName, t),
			fmt.Sprintf("INSERT INTO `%s`.`%s` SELECT * FROM `%s`.`%s`", dst.DBName, t, src.DBName, t),
		} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				return "", fmt.Errorf("copy %s: %w", t, err)
			}
		}
	}
	return to, nil
}
