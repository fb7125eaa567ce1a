package servicestest

import (
	"testing"

	"gorm.io/gorm"

	"centerstage/models"
)

// User stores an active user of role (username and display name both name)
// and returns its id.
func User(t testing.TB, db *gorm.DB, name, role string) uint64 {
	t.Helper()
	u := models.User{Username: name, Name: name, Role: role, Active: true, PasswordHash: "x", Version: 1}
	if err := db.Create(&u).Error; err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// Team stores a team and returns its id.
func Team(t testing.TB, db *gorm.DB, name string, active bool) uint64 {
	t.Helper()
	tm := models.Team{Name: name, ArtForm: "dance", Active: active, Version: 1}
	if err := db.Create(&tm).Error; err != nil {
		t.Fatal(err)
	}
	return tm.ID
}

// Station stores an active station paired with staff and returns its id.
func Station(t testing.TB, db *gorm.DB, name string, staff ...uint64) uint64 {
	t.Helper()
	s := models.Station{Name: name, Address: "-", Active: true, Version: 1}
	if err := db.Create(&s).Error; err != nil {
		t.Fatal(err)
	}
	for _, u := range staff {
		if err := db.Create(&models.StationStaff{StationID: s.ID, UserID: u}).Error; err != nil {
			t.Fatal(err)
		}
	}
	return s.ID
}
