package services_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/services"
	"centerstage/services/servicestest"
)

// refEnv holds the reference-data services on a fresh database.
type refEnv struct {
	db       *gorm.DB
	venues   *services.Venues
	stations *services.Stations
	teams    *services.Teams
}

func newRefEnv(t *testing.T) *refEnv {
	t.Helper()
	db := dbtest.Open(t)
	clock := func() time.Time { return time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC) }
	audit := services.NewAudit(db, clock)
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return &refEnv{db: db, venues: services.NewVenues(db, clock, audit), stations: services.NewStations(db, clock, audit),
		teams: services.NewTeams(db, clock, loc, audit)}
}

// refManager is the manager the reference-data tests act as.
var refManager = services.Actor{UserID: 1, Role: models.RoleManager}

// venue creates a venue named name as refManager.
func (r *refEnv) venue(t *testing.T, name string) models.Venue {
	t.Helper()
	v, err := r.venues.Create(context.Background(), refManager, services.NewVenue{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestReferenceDataRolesInTheService checks the services themselves refuse,
// whatever the route table says.
func TestReferenceDataRolesInTheService(t *testing.T) {
	t.Parallel()
	r := newRefEnv(t)
	ctx := context.Background()
	v := r.venue(t, "大厅")
	name := "改名"
	for _, role := range []string{models.RoleStaff, models.RoleViewer, ""} {
		a := services.Actor{UserID: 2, Role: role}
		for what, err := range map[string]error{
			"create venue":       errOf(r.venues.Create(ctx, a, services.NewVenue{Name: "x"})),
			"update venue":       errOf(r.venues.Update(ctx, a, v.ID, services.VenueChange{Name: &name})),
			"deactivate venue":   errOf(r.venues.Deactivate(ctx, a, v.ID)),
			"create station":     errOf(r.stations.Create(ctx, a, services.NewStation{Name: "x"})),
			"update station":     errOf(r.stations.Update(ctx, a, 1, services.StationChange{Name: &name})),
			"deactivate station": errOf(r.stations.Deactivate(ctx, a, 1)),
			"create team":        errOf(r.teams.Create(ctx, a, services.NewTeam{Name: "x"})),
			"update team":        errOf(r.teams.Update(ctx, a, 1, services.TeamChange{Name: &name})),
			"deactivate team":    errOf(r.teams.Deactivate(ctx, a, 1)),
		} {
			wantKind(t, fmt.Sprintf("%s as %q", what, role), err, services.Forbidden)
		}
	}
	anon := services.Actor{}
	wantKind(t, "anonymous venue list", errOf3(r.venues.List(ctx, anon, services.RefFilter{})), services.Unauthorized)
	wantKind(t, "anonymous station read", errOf(r.stations.Get(ctx, anon, 1)), services.Unauthorized)
	wantKind(t, "anonymous team list", errOf3(r.teams.List(ctx, anon, services.TeamFilter{})), services.Unauthorized)
	viewer := services.Actor{UserID: 3, Role: models.RoleViewer}
	if _, err := r.venues.Get(ctx, viewer, v.ID); err != nil {
		t.Errorf("viewer reads a venue: %v", err)
	}
}

func errOf3[A, B any](_ A, _ B, err error) error { return err }

func TestVenueNameRaceHasOneWinner(t *testing.T) {
	t.Parallel()
	r := newRefEnv(t)
	ctx := context.Background()
	const n = 8
	got := servicestest.Race(n, func(i int) error {
		_, err := r.venues.Create(ctx, refManager, services.NewVenue{Name: "同名厅", Capacity: i})
		return err
	})
	won := got[""]
	if got[services.Conflict] != n-won {
		t.Errorf("results by kind %v: every loser must get a conflict", got)
	}
	var rows, audits int64
	r.db.Model(&models.Venue{}).Count(&rows)
	r.db.Model(&models.AuditEntry{}).Where("entity = ?", "venue").Count(&audits)
	if won != 1 || rows != 1 || audits != 1 {
		t.Errorf("winners %d, rows %d, audit entries %d; want 1 each", won, rows, audits)
	}
}

func TestVenueConcurrentUpdatesWithOneVersion(t *testing.T) {
	t.Parallel()
	r := newRefEnv(t)
	ctx := context.Background()
	v := r.venue(t, "会议室")
	const n = 6
	results := servicestest.Race(n, func(i int) error {
		c := i + 10
		_, err := r.venues.Update(ctx, refManager, v.ID, services.VenueChange{Capacity: &c, Version: &v.Version})
		return err
	})
	won := results[""]
	if results[services.Stale] != n-won {
		t.Errorf("results by kind %v: every loser must be stale", results)
	}
	got, _ := r.venues.Get(ctx, refManager, v.ID)
	if won != 1 || got.Version != 2 {
		t.Errorf("%d updates won, version %d; want 1 and 2 (no lost update)", won, got.Version)
	}
}

func TestReferenceNamesUTF8MB4RoundTrip(t *testing.T) {
	t.Parallel()
	r := newRefEnv(t)
	ctx := context.Background()
	admin := services.Actor{UserID: 1, Role: models.RoleAdmin}
	name := "𠮷祥剧场·🎭"
	v, err := r.venues.Create(ctx, admin, services.NewVenue{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	st, err := r.stations.Create(ctx, admin, services.NewStation{Name: name, Address: "𠮷祥路 8 号"})
	if err != nil {
		t.Fatal(err)
	}
	tm, err := r.teams.Create(ctx, admin, services.NewTeam{Name: name, ArtForm: "𠮷剧"})
	if err != nil {
		t.Fatal(err)
	}
	gv, _ := r.venues.Get(ctx, admin, v.ID)
	gs, _ := r.stations.Get(ctx, admin, st.ID)
	gt, _ := r.teams.Get(ctx, admin, tm.ID)
	if gv.Name != name || gs.Name != name || gs.Address != "𠮷祥路 8 号" || gt.Name != name || gt.ArtForm != "𠮷剧" {
		t.Errorf("round trip changed names: %q %q %q %q %q", gv.Name, gs.Name, gs.Address, gt.Name, gt.ArtForm)
	}
	found, total, err := r.venues.List(ctx, admin, services.RefFilter{Query: "𠮷"})
	if err != nil || total != 1 || found[0].ID != v.ID {
		t.Errorf("search by 𠮷 = %v, %d (%v)", found, total, err)
	}
}
