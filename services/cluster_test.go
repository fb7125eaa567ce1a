package services_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/services"
)

// These tests run two copies of a service, each on its own node of a
// two-node cluster (MariaDB Galera), as two instances would; they skip unless
// CENTERSTAGE_TEST_CLUSTER names the nodes (scripts/cluster/test.sh).

// onNodes calls fn(i, node) from 2*perNode goroutines at once, alternating
// between the two nodes, and counts the outcomes by kind.
func onNodes(c *dbtest.Cluster, perNode int, fn func(i int, db *gorm.DB) error) map[services.ErrorKind]int {
	return raceResults(2*perNode, func(i int) error { return fn(i, c.DBs[i%2]) })
}

// clusterKey is the signing key every instance of a cluster test shares.
var clusterKey = []byte("cluster-test-signing-key-0123456789abcdef")

// clusterAuths is an Auth on each node of c, with one clock and key as two
// instances would have, and the hash of the password "cluster-password".
func clusterAuths(t *testing.T, c *dbtest.Cluster) ([]*services.Auth, string) {
	t.Helper()
	clock := func() time.Time { return time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC) }
	auths := []*services.Auth{services.NewAuth(c.DBs[0], clock, clusterKey, 4), services.NewAuth(c.DBs[1], clock, clusterKey, 4)}
	hash, err := auths[0].HashPassword("cluster-password")
	if err != nil {
		t.Fatal(err)
	}
	return auths, hash
}

// clusterLogin logs name in with the password of clusterAuths.
func clusterLogin(t *testing.T, auth *services.Auth, name string) *services.Tokens {
	t.Helper()
	tok, err := auth.Login(context.Background(), name, "cluster-password")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// clusterStaff creates an active staff member with the password hash
// through node 1 and waits until node 2 has it.
func clusterStaff(t *testing.T, c *dbtest.Cluster, name, hash string) {
	t.Helper()
	if err := c.DBs[0].Create(&models.User{Username: name, Name: name, Role: models.RoleStaff, Active: true,
		PasswordHash: hash, Version: 1}).Error; err != nil {
		t.Fatal(err)
	}
	c.Sync(t)
}

// Two instances starting together on an empty database, through different
// nodes, generate two different signing keys; both must end up with the one
// that was stored, or a token signed by one would be refused by the other.
func TestClusterSigningKeyIsShared(t *testing.T) {
	c := dbtest.OpenCluster(t, true)
	for round := range 10 {
		if err := c.DBs[0].Exec("DELETE FROM settings").Error; err != nil {
			t.Fatal(err)
		}
		c.Sync(t)
		keys := make([]string, 4)
		got := onNodes(c, 2, func(i int, db *gorm.DB) error {
			k, err := services.SigningKey(context.Background(), db, "", false)
			keys[i] = string(k)
			return err
		})
		if got[""] != 4 {
			t.Fatalf("round %d: outcomes %v, want 4 keys", round, got)
		}
		for i, k := range keys {
			if k != keys[0] || len(k) != 64 {
				t.Fatalf("round %d: instance %d got key %q, instance 0 %q", round, i, k, keys[0])
			}
		}
	}
}

// One refresh token presented to both nodes at once (a client retrying, or a
// thief racing the owner) gives at most one new session: exactly one
// refresh succeeds, the rest are refused, and the login's family holds the
// login's token plus that one.
func TestClusterRefreshTokenOnce(t *testing.T) {
	c := dbtest.OpenCluster(t, true)
	auths, hash := clusterAuths(t, c)
	clusterStaff(t, c, "owner", hash)
	for round := range 10 {
		tok := clusterLogin(t, auths[round%2], "owner")
		got := onNodes(c, 4, func(i int, _ *gorm.DB) error {
			_, err := auths[i%2].Refresh(context.Background(), tok.RefreshToken)
			return err
		})
		if got[""] != 1 || got[services.Unauthorized] != 7 {
			t.Fatalf("round %d: outcomes %v, want one new session and 7 refusals", round, got)
		}
		c.Sync(t)
		var issued int64
		if err := c.DBs[1].Raw(`SELECT COUNT(*) FROM refresh_tokens WHERE family =
			(SELECT family FROM refresh_tokens WHERE token_hash = ?)`, sha256Hex(tok.RefreshToken)).
			Scan(&issued).Error; err != nil {
			t.Fatal(err)
		}
		if issued != 2 { // the login's token and the one refresh's
			t.Fatalf("round %d: the login's family holds %d tokens, want 2", round, issued)
		}
	}
}

// A login through one node is honoured at once by an instance on the other:
// the request right after the login may reach a node that has not applied
// the login's refresh token yet, and must not be answered "this login has
// ended". 30 logins, each checked through the other node straight away.
func TestClusterLoginSeenOnOtherNode(t *testing.T) {
	c := dbtest.OpenCluster(t, true)
	auths, hash := clusterAuths(t, c)
	clusterStaff(t, c, "roamer", hash)
	for round := range 30 {
		tok := clusterLogin(t, auths[round%2], "roamer")
		if _, err := auths[1-round%2].Authenticate(context.Background(), tok.AccessToken); err != nil {
			t.Fatalf("round %d: login through node %d, first request through node %d: %v", round, round%2+1, 2-round%2, err)
		}
	}
}

// Failed logins through both nodes at once count in one place: of 10
// concurrent wrong guesses exactly MaxLoginFailures (5) are checked and the
// other 5 refused as throttled; then even the right password is throttled.
func TestClusterLoginThrottle(t *testing.T) {
	c := dbtest.OpenCluster(t, true)
	auths, hash := clusterAuths(t, c)
	for round := range 5 {
		name := fmt.Sprintf("guessed%d", round)
		clusterStaff(t, c, name, hash)
		got := onNodes(c, 5, func(i int, _ *gorm.DB) error {
			_, err := auths[i%2].Login(context.Background(), name, fmt.Sprintf("wrong-%d", i))
			return err
		})
		if got[services.Unauthorized] != services.MaxLoginFailures || got[services.Throttled] != 10-services.MaxLoginFailures {
			t.Fatalf("round %d: outcomes %v, want %d wrong-password answers and the rest throttled",
				round, got, services.MaxLoginFailures)
		}
		for node, a := range auths {
			if _, err := a.Login(context.Background(), name, "cluster-password"); !services.IsKind(err, services.Throttled) {
				t.Fatalf("round %d: right password through node %d after the burst: %v, want throttled", round, node+1, err)
			}
		}
	}
}

// Two admins deactivating each other through different nodes at once must
// not leave the center without an admin: each transaction reads the other
// as the remaining admin, which holds only if that read is a lock the
// cluster sees. Exactly one succeeds; the other is refused by the rule.
func TestClusterLastAdminKept(t *testing.T) {
	c := dbtest.OpenCluster(t, true)
	clock := func() time.Time { return time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC) }
	var users []*services.Users
	for _, db := range c.DBs {
		auth := services.NewAuth(db, clock, clusterKey, 4)
		users = append(users, services.NewUsers(db, clock, time.UTC, auth, services.NewAudit(db, clock)))
	}
	for round := range 10 {
		var ids [2]uint64
		for i := range ids {
			u := models.User{Username: fmt.Sprintf("admin%d-%d", round, i), Name: "admin", Role: models.RoleAdmin,
				Active: true, PasswordHash: "x", Version: 1}
			if err := c.DBs[0].Create(&u).Error; err != nil {
				t.Fatal(err)
			}
			ids[i] = u.ID
		}
		c.Sync(t)
		got := onNodes(c, 1, func(i int, _ *gorm.DB) error {
			me := services.Actor{UserID: ids[i], Username: "admin", Role: models.RoleAdmin}
			_, err := users[i].Deactivate(context.Background(), me, ids[1-i])
			return err
		})
		c.Sync(t)
		var active int64
		if err := c.DBs[1].Model(&models.User{}).Where("role = ? AND active = ?", models.RoleAdmin, true).
			Count(&active).Error; err != nil {
			t.Fatal(err)
		}
		if got[""] != 1 || got[services.Rule] != 1 || active != 1 {
			t.Fatalf("round %d: outcomes %v, %d active admins; want one success, one refusal, one admin", round, got, active)
		}
		// The next round's pair are again the only admins.
		if err := c.DBs[0].Model(&models.User{}).Where("role = ?", models.RoleAdmin).Update("active", false).Error; err != nil {
			t.Fatal(err)
		}
		c.Sync(t)
	}
}

// sha256Hex is how refresh tokens are stored (models.RefreshToken).
func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// clusterSched is the scheduling services twice, one copy on each node, over
// three venues, four staff (organizers) and one manager.
type clusterSched struct {
	c       *dbtest.Cluster
	acts    []*services.Activities
	series  []*services.Series
	venues  []uint64
	staff   []uint64
	manager services.Actor
	// now is the services' clock; a test moves it only between races.
	now time.Time
}

func newClusterSched(t *testing.T) *clusterSched {
	t.Helper()
	c := dbtest.OpenCluster(t, true)
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	s := &clusterSched{c: c, now: time.Date(2026, 5, 1, 9, 0, 0, 0, loc)}
	clock := func() time.Time { return s.now }
	for _, db := range c.DBs {
		a := services.NewActivities(db, clock, loc, services.NewAudit(db, clock), nil)
		s.acts, s.series = append(s.acts, a), append(s.series, services.NewSeries(a))
	}
	for i := range 3 {
		v := models.Venue{Name: fmt.Sprintf("Hall %d", i), Capacity: 100, Active: true, Version: 1}
		if err := c.DBs[0].Create(&v).Error; err != nil {
			t.Fatal(err)
		}
		s.venues = append(s.venues, v.ID)
	}
	for i := range 5 {
		role := models.RoleStaff
		if i == 4 {
			role = models.RoleManager
		}
		u := models.User{Username: fmt.Sprintf("u%d", i), Name: "u", Role: role, Active: true, PasswordHash: "x", Version: 1}
		if err := c.DBs[0].Create(&u).Error; err != nil {
			t.Fatal(err)
		}
		s.staff = append(s.staff, u.ID)
	}
	s.manager = services.Actor{UserID: s.staff[4], Username: "u4", Role: models.RoleManager}
	c.Sync(t)
	return s
}

// input is a one-hour booking at 19:00 local on day (of June 2026, or the
// days after June for day > 30), in
// venue v (-1: none) organized by staff o.
func (s *clusterSched) input(day, v, o int) services.ActivityInput {
	start := time.Date(2026, 6, day, 19, 0, 0, 0, time.FixedZone("CST", 8*3600))
	in := services.ActivityInput{Kind: "lecture", Title: fmt.Sprintf("day %d", day), Start: start, End: start.Add(time.Hour),
		OrganizerID: s.staff[o]}
	if v >= 0 {
		in.VenueID = &s.venues[v]
	}
	return in
}

// Every booking path checks, then writes, under the same write locks; two
// of them racing through different nodes for one resource never both win,
// whichever paths they are. Each pair runs 5 rounds on fresh days.
func TestClusterBookingPathsConflict(t *testing.T) {
	s := newClusterSched(t)
	ctx := context.Background()
	day := 0
	// The steps the pairs are made of: a new booking (on the round's day, or
	// after days on), and a booking or weekly series prepared through node 1.
	book := func(after, v, o int) func(node, day int, _ *models.Activity) error {
		return func(node, day int, _ *models.Activity) error {
			_, err := s.acts[node].Create(ctx, s.manager, s.input(day+after, v, o))
			return err
		}
	}
	booked := func(day, v, o int) *models.Activity {
		a, err := s.acts[0].Create(ctx, s.manager, s.input(day, v, o))
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	weekly := func(day, v, o int) []*models.Activity {
		ms, err := s.series[0].Create(ctx, s.manager, services.SeriesInput{Template: s.input(day, v, o), RRule: "FREQ=WEEKLY;COUNT=4"})
		if err != nil {
			t.Fatal(err)
		}
		return ms.Activities
	}
	moveTo := func(v int, scope services.SeriesScope) func(node, _ int, a *models.Activity) error {
		return func(node, _ int, a *models.Activity) error {
			_, err := s.acts[node].Update(ctx, s.manager, a.ID, services.ActivityPatch{Version: a.Version, VenueID: services.OptionalID{Set: true, ID: &s.venues[v]}}, scope)
			return err
		}
	}
	cancel := func(node, _ int, a *models.Activity) error {
		_, err := s.acts[node].Cancel(ctx, s.manager, a.ID, a.Version, services.ScopeThis)
		return err
	}
	pairs := []struct {
		name string
		// prepare runs first, through node 1; the two calls then race, one per
		// node, with the activity it returns.
		prepare func(day int) *models.Activity
		calls   [2]func(node, day int, a *models.Activity) error
		// lose is how the loser is refused (default Conflict).
		lose services.ErrorKind
	}{
		{name: "same organizer, different venues (only the staff lock is shared)",
			calls: [2]func(int, int, *models.Activity) error{book(0, 0, 0), book(0, 1, 0)}},
		{name: "a weekly series against a single booking on its third date",
			calls: [2]func(int, int, *models.Activity) error{
				// 100 days on, so the later weeks of a series stay clear of the other pairs' days.
				func(node, day int, _ *models.Activity) error {
					_, err := s.series[node].Create(ctx, s.manager, services.SeriesInput{Template: s.input(day+100, 2, 1), RRule: "FREQ=WEEKLY;COUNT=4"})
					return err
				},
				book(114, 2, 2),
			}},
		{name: "reopening a cancelled booking against a new one in its slot",
			prepare: func(day int) *models.Activity {
				a := booked(day, 0, 1)
				if _, err := s.acts[0].Cancel(ctx, s.manager, a.ID, 0, services.ScopeThis); err != nil {
					t.Fatal(err)
				}
				return a
			},
			calls: [2]func(int, int, *models.Activity) error{
				func(node, _ int, a *models.Activity) error {
					_, err := s.acts[node].Reopen(ctx, s.manager, a.ID, 0)
					return err
				},
				book(0, 0, 2),
			}},
		{name: "moving a booking into a slot against a new one there",
			prepare: func(day int) *models.Activity { return booked(day, 1, 1) },
			calls:   [2]func(int, int, *models.Activity) error{moveTo(0, services.ScopeThis), book(0, 0, 3)}},
		{name: "a following change of a weekly series moving into a slot, against a new booking there",
			// 200 days on: the series' four weeks stay clear of the other pairs.
			// The second week; following moves weeks 2 to 4.
			prepare: func(day int) *models.Activity { return weekly(day+200, 1, 1)[1] },
			// Week 3 of the series, in the hall it moves to.
			calls: [2]func(int, int, *models.Activity) error{moveTo(0, services.ScopeFollowing), book(214, 0, 2)}},
		{name: "an all change of a weekly series moving into a slot, against a new booking there",
			prepare: func(day int) *models.Activity { return weekly(day+300, 1, 1)[0] },
			// Week 4 of the series, in the hall it moves to.
			calls: [2]func(int, int, *models.Activity) error{moveTo(0, services.ScopeAll), book(321, 0, 3)}},
		{name: "cancelling a booking against moving it through the other node", lose: services.Stale,
			prepare: func(day int) *models.Activity { return booked(day, 1, 1) },
			calls:   [2]func(int, int, *models.Activity) error{cancel, moveTo(2, services.ScopeThis)}},
		{name: "completing a booking against cancelling it through the other node", lose: services.Stale,
			prepare: func(day int) *models.Activity {
				a := booked(day, 2, 1)
				s.now = a.EndAt // it has happened, so it may be completed
				return a
			},
			calls: [2]func(int, int, *models.Activity) error{
				func(node, _ int, a *models.Activity) error {
					_, err := s.acts[node].Complete(ctx, s.manager, a.ID, services.Completion{Version: a.Version, ActualAttendance: 30})
					return err
				},
				cancel,
			}},
	}
	for _, p := range pairs {
		for round := range 5 {
			day++
			var prep *models.Activity
			if p.prepare != nil {
				prep = p.prepare(day)
				s.c.Sync(t)
			}
			d := day
			got := raceResults(2, func(i int) error { return p.calls[i](i, d, prep) })
			lose := p.lose
			if lose == "" {
				lose = services.Conflict
			}
			if got[""] != 1 || got[lose] != 1 {
				t.Errorf("%s, round %d: outcomes %v, want one success and one %s", p.name, round+1, got, lose)
			}
		}
	}
	s.c.Sync(t)
	var overlaps int64
	if err := s.c.DBs[1].Raw(`SELECT COUNT(*) FROM activities a JOIN activities b
		ON a.id < b.id AND a.start_at < b.end_at AND b.start_at < a.end_at
		AND (a.venue_id = b.venue_id OR a.organizer_id = b.organizer_id)
		WHERE a.status <> 'cancelled' AND b.status <> 'cancelled'`).Scan(&overlaps).Error; err != nil {
		t.Fatal(err)
	}
	if overlaps != 0 {
		t.Errorf("%d overlapping pairs of bookings sharing a venue or an organizer", overlaps)
	}
}
