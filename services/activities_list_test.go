package services_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"centerstage/models"
	"centerstage/services"
)

// q finds activities by title, location and the names of their people,
// ignoring case; the comma lists match any of their values.
func TestListSearchAndLists(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	for i, name := range []string{"王 Lan", "李明", "Zhao_Ping"} {
		s.must(s.db.Model(&models.User{}).Where("id = ?", s.staff[i].UserID).Update("name", name).Error)
	}
	mk := func(day int, title, location, kind string, org services.Actor, venue uint64, staff ...uint64) uint64 {
		in := s.input(day, "10:00", "11:00", org, venue)
		in.Title, in.Location, in.Kind, in.StaffIDs = title, location, kind, staff
		return s.create(s.manager, in).ID
	}
	calligraphy := mk(2, "Calligraphy 书法班", "", "training", s.staff[0], s.venues[0])
	choir := mk(3, "合唱排练", "东街社区 100% 活动室", "team_activity", s.staff[1], s.venues[1], s.staff[2].UserID)
	lecture := mk(4, "非遗讲座", "", "lecture", s.staff[2], 0)
	outing := mk(5, "下乡辅导", "Lan village", "outreach", s.manager, 0)
	cancelled := mk(6, "书法展", "", "exhibition", s.staff[1], s.venues[0])
	_, err := s.acts.Cancel(ctx, s.manager, cancelled, 0, services.ScopeThis)
	s.must(err)

	cases := []struct {
		name string
		f    services.ActivityFilter
		want []uint64
	}{
		{"title, any case", services.ActivityFilter{Q: "CALLI"}, []uint64{calligraphy}},
		{"a Chinese part of the title", services.ActivityFilter{Q: "书法"}, []uint64{calligraphy, cancelled}},
		{"location", services.ActivityFilter{Q: "东街"}, []uint64{choir}},
		{"% is a literal", services.ActivityFilter{Q: "100%"}, []uint64{choir}},
		{"_ is a literal", services.ActivityFilter{Q: "o_p"}, []uint64{choir, lecture}}, // Zhao_Ping takes part in the choir, organizes the lecture
		{"the organizer's name", services.ActivityFilter{Q: "李明"}, []uint64{choir, cancelled}},
		{"a participant's name, any case", services.ActivityFilter{Q: "zhao"}, []uint64{choir, lecture}},
		{"name or location alike", services.ActivityFilter{Q: "lan"}, []uint64{calligraphy, outing}},
		{"surrounding blanks are ignored", services.ActivityFilter{Q: "  非遗 "}, []uint64{lecture}},
		{"nothing matches", services.ActivityFilter{Q: "xyz"}, nil},
		{"kinds", services.ActivityFilter{Kinds: []string{"lecture", "outreach"}}, []uint64{lecture, outing}},
		{"statuses", services.ActivityFilter{Statuses: []string{"cancelled"}}, []uint64{cancelled}},
		{"staff: organizer or participant", services.ActivityFilter{StaffIDs: []uint64{s.staff[0].UserID, s.staff[2].UserID}}, []uint64{calligraphy, choir, lecture}},
		{"venues", services.ActivityFilter{VenueIDs: []uint64{s.venues[0], s.venues[1]}, Statuses: []string{"planned", "completed"}}, []uint64{calligraphy, choir}},
		{"q with lists", services.ActivityFilter{Q: "书法", Statuses: []string{"planned"}}, []uint64{calligraphy}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, total, err := s.acts.List(ctx, s.viewer, tc.f)
			s.must(err)
			var ids []uint64
			for _, a := range got {
				ids = append(ids, a.ID)
			}
			if !slices.Equal(ids, tc.want) || total != int64(len(tc.want)) {
				t.Fatalf("got %v (total %d), want %v", ids, total, tc.want)
			}
		})
	}
	for _, bad := range []struct {
		field string
		f     services.ActivityFilter
	}{
		{"kind", services.ActivityFilter{Kinds: []string{"lecture", "party"}}},
		{"status", services.ActivityFilter{Statuses: []string{"done"}}},
		{"q", services.ActivityFilter{Q: strings.Repeat("书", 101)}},
	} {
		_, _, err := s.acts.List(ctx, s.viewer, bad.f)
		if kindOf(err) != services.Invalid || !hasField(err, bad.field) {
			t.Errorf("%s: %v", bad.field, err)
		}
	}
}

func hasField(err error, field string) bool {
	se, ok := err.(*services.Error)
	if !ok {
		return false
	}
	_, has := se.Fields[field]
	return has
}
