package counting_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/services"
	"centerstage/services/counting"
	"centerstage/services/servicestest"
)

// Runs two copies of the targets service, each on its own node of a
// two-node cluster, as two instances would; skips unless
// CENTERSTAGE_TEST_CLUSTER names the nodes (scripts/cluster/test.sh).

// clusterClock is the clock of both instances.
func clusterClock() time.Time { return time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC) }

// clusterAdmin stores the admin through node 1 and returns them as an actor.
func clusterAdmin(t *testing.T, c *dbtest.Cluster) services.Actor {
	t.Helper()
	return services.Actor{UserID: servicestest.User(t, c.DBs[0], "admin", models.RoleAdmin), Username: "admin", Role: models.RoleAdmin}
}

// Two managers applying one template through different nodes at once
// create each target once: the created counts add up to the template's 4.
func TestClusterApplyTemplateOnce(t *testing.T) {
	c := dbtest.OpenCluster(t, true)
	actor := clusterAdmin(t, c)
	c.Sync(t)
	targets := []*counting.Targets{
		counting.NewTargets(c.DBs[0], clusterClock, services.NewAudit(c.DBs[0], clusterClock)),
		counting.NewTargets(c.DBs[1], clusterClock, services.NewAudit(c.DBs[1], clusterClock)),
	}
	for round := range 5 {
		year := 2026 + round
		created := make([]int, 8)
		got := servicestest.Race(8, func(i int) error {
			res, err := targets[i%2].ApplyTemplate(context.Background(), actor, "duty-statement", year)
			created[i] = res.Created
			return err
		})
		sum := 0
		for _, n := range created {
			sum += n
		}
		c.Sync(t)
		var rows int64
		if err := c.DBs[1].Model(&models.Target{}).Where("year = ?", year).Count(&rows).Error; err != nil {
			t.Fatal(err)
		}
		// duty-statement has 4 targets: 4 rows, 4 inserts counted, whoever made them.
		if got[""] != 8 || sum != 4 || rows != 4 {
			t.Fatalf("round %d: outcomes %v, created %v (sum %d), %d rows; want 8 successes, 4 created, 4 rows",
				round, got, created, sum, rows)
		}
	}
}

// An instance on each node of a two-node cluster keeps the dashboards in
// its own cache. Bookings made through either node, one at a time and then
// 16 racing through both, raise the data generation on both; once the
// nodes have applied them, each instance's cached progress is what a fresh
// computation on either node gives. Racing bookings collide on a
// generation slot one time in 64 and are retried like any lost
// transaction: every one of them lands.
func TestClusterDashboardsCache(t *testing.T) {
	c := dbtest.OpenCluster(t, true)
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	manager := clusterAdmin(t, c)
	var staff []services.Actor
	for i := range 8 {
		name := fmt.Sprintf("staff%d", i)
		staff = append(staff, services.Actor{UserID: servicestest.User(t, c.DBs[0], name, models.RoleStaff), Username: name, Role: models.RoleStaff})
	}
	_, err = counting.NewTargets(c.DBs[0], clusterClock, services.NewAudit(c.DBs[0], clusterClock)).Create(ctx, manager, counting.TargetInput{
		Year: 2026, Name: "讲座", Metric: counting.MetricCount, Kinds: []string{"lecture"}, Scope: counting.ScopeCenter, Value: 40})
	if err != nil {
		t.Fatal(err)
	}
	c.Sync(t)

	type node struct {
		progress *counting.Progress
		dash     *counting.Dashboards
		acts     *services.Activities
	}
	var nodes []node
	for _, db := range c.DBs {
		p := counting.NewProgress(db, clusterClock, loc)
		nodes = append(nodes, node{progress: p, dash: counting.NewDashboards(services.NewCache(db, 0), p, nil, nil),
			acts: services.NewActivities(db, clusterClock, loc, services.NewAudit(db, clusterClock), p)})
	}
	q := counting.RowsQuery{ProgressQuery: counting.ProgressQuery{Year: 2026}}
	answer := func(get func() (counting.ProgressReport, int64, error)) string {
		t.Helper()
		rep, _, err := get()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(rep)
		return string(b)
	}
	// check reads every node's cached and fresh progress and wants them
	// equal, with scheduled lectures booked so far.
	check := func(what string, scheduled int) {
		t.Helper()
		c.Sync(t)
		fresh := answer(func() (counting.ProgressReport, int64, error) { return nodes[0].progress.RowsPage(ctx, manager, q) })
		for i, n := range nodes {
			for _, got := range []string{
				answer(func() (counting.ProgressReport, int64, error) { return n.dash.RowsPage(ctx, manager, q) }),
				answer(func() (counting.ProgressReport, int64, error) { return n.progress.RowsPage(ctx, manager, q) }),
			} {
				if got != fresh {
					t.Fatalf("%s: node %d answers %s\nfresh on node 1: %s", what, i+1, got, fresh)
				}
			}
		}
		rep, _, err := nodes[1].dash.RowsPage(ctx, manager, q)
		if err != nil || len(rep.Rows) != 1 || rep.Rows[0].Scheduled != scheduled {
			t.Fatalf("%s: %+v, %v; want one row with %d scheduled", what, rep.Rows, err, scheduled)
		}
	}
	lecture := func(n int) services.ActivityInput {
		// Lecture n: its own day from 2026-07-01, 10:00-11:00.
		start := time.Date(2026, 7, 1, 10, 0, 0, 0, loc).AddDate(0, 0, n)
		return services.ActivityInput{Kind: "lecture", Title: fmt.Sprintf("讲座 %d", n), Start: start, End: start.Add(time.Hour),
			Location: "社区"}
	}
	check("before any booking", 0)
	for n := range 4 {
		if _, err := nodes[n%2].acts.Create(ctx, staff[n%8], lecture(n)); err != nil {
			t.Fatal(err)
		}
		check(fmt.Sprintf("booking %d through node %d", n+1, n%2+1), n+1)
	}
	got := servicestest.Race(16, func(i int) error {
		_, err := nodes[i%2].acts.Create(ctx, staff[i%8], lecture(4+i))
		return err
	})
	if got[""] != 16 {
		t.Fatalf("16 racing bookings of free slots: %v, want 16 successes", got)
	}
	check("16 racing bookings through both nodes", 20)
	for i, db := range c.DBs {
		t.Logf("node %d: retries %v", i+1, models.CountersOf(db).Snapshot().Retries)
	}
}

// nilMailer sends nothing: the digests of TestClusterDigestClaimedOnce go
// to no one, what is raced is the claim of the date.
type nilMailer struct{}

func (nilMailer) Send(context.Context, string, string, string) error { return nil }

// Instances on both nodes sending the day's digest at once claim the date
// with one insert of one key: the cluster certifies one claim and aborts
// the others, whose retry finds the date claimed. Every call succeeds and
// the date is claimed once, each of 10 days.
func TestClusterDigestClaimedOnce(t *testing.T) {
	c := dbtest.OpenCluster(t, true)
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	now := clusterClock()
	clock := func() time.Time { return now }
	var ns []*counting.Notifications
	for _, db := range c.DBs {
		ns = append(ns, counting.NewNotifications(db, clock, loc, counting.NewProgress(db, clock, loc)))
	}
	for round := range 10 {
		now = clusterClock().AddDate(0, 0, round)
		got := servicestest.Race(4, func(i int) error {
			_, err := ns[i%2].SendDigests(context.Background(), nilMailer{})
			return err
		})
		c.Sync(t)
		var claims int64
		if err := c.DBs[1].Model(&models.Setting{}).Where("`key` = ?", "digest_sent:"+services.LocalDate(now, loc)).
			Count(&claims).Error; err != nil {
			t.Fatal(err)
		}
		if got[""] != 4 || claims != 1 {
			t.Fatalf("round %d: outcomes %v, %d claims; want 4 successes and one claim", round, got, claims)
		}
	}
}
