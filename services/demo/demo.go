package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/services"
	"centerstage/services/counting"
)

// CenterName is the demo center's name.
const CenterName = "示例区文化馆"

// Options tune the demo center.
type Options struct {
	// Seed makes the center reproducible: one seed and one clock give the
	// same rows.
	Seed uint64
	// Password is every demo account's password.
	Password string
	// HashPassword hashes it the way logins check it (Auth.HashPassword).
	HashPassword func(string) (string, error)
}

// Result tells how to log in to the demo center.
type Result struct {
	Created    bool     `json:"created"` // false: the database was not empty, nothing was written
	Year       int      `json:"year"`
	Usernames  []string `json:"usernames"` // manager, viewer, then two staff members
	Password   string   `json:"password"`
	Staff      int      `json:"staff"`
	Activities int      `json:"activities"`
}

// Fill fills an empty database with a realistic center: about 25 staff, 6
// venues, 8 stations, 10 teams, the duty-statement targets and a year of
// activities, completed with attendance up to now and planned after, with
// some staff ahead of their targets and some behind. Activities never
// conflict and keep the data rules (local date, staff rows with the
// organizer, a row per local date touched). A database that already has
// activities, venues, stations or teams is left alone.
func Fill(ctx context.Context, db *gorm.DB, clock services.Clock, loc *time.Location, opt Options) (Result, error) {
	if opt.HashPassword == nil || opt.Password == "" {
		return Result{}, errors.New("demo: a password and a hash function are required")
	}
	db = db.WithContext(ctx)
	empty, err := demoEmpty(db)
	if err != nil || !empty {
		return Result{}, err
	}
	hash, err := opt.HashPassword(opt.Password)
	if err != nil {
		return Result{}, fmt.Errorf("demo: hash password: %w", err)
	}
	now := clock()
	var g *demoGen
	// In the services' transaction, which raises the data generation once,
	// last, and runs a fill that lost a cluster's certification again. Each
	// attempt checks again that the database is empty and starts from a
	// fresh generator (the same seed gives the same rows).
	err = services.Tx(ctx, db, func(tx *gorm.DB) error {
		g = nil
		if empty, err := demoEmpty(tx); err != nil || !empty {
			return err
		}
		g = &demoGen{rng: rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x5eed)), loc: loc, now: now,
			year: now.In(loc).Year(), book: map[string][][2]time.Time{}, splitOf: map[int]int{}, joinedDay: map[uint64]int{}}
		if err := g.people(tx, hash, now); err != nil {
			return err
		}
		if err := tx.Create(&models.Setting{Key: models.SettingCenterName, Value: CenterName}).Error; err != nil {
			return fmt.Errorf("name the center: %w", err)
		}
		if err := g.places(tx, now); err != nil {
			return err
		}
		g.schedule()
		if err := g.insert(tx); err != nil {
			return err
		}
		targets := counting.NewTargets(tx, func() time.Time { return now }, services.NewAudit(tx, func() time.Time { return now }))
		_, err := targets.ApplyIn(tx, services.System, "duty-statement", g.year)
		return err
	})
	if err != nil {
		return Result{}, fmt.Errorf("demo: %w", err)
	}
	if g == nil {
		return Result{}, nil
	}
	res := Result{Created: true, Year: g.year, Password: opt.Password}
	res.Usernames = []string{"director", "leader", "staff01", "staff02"}
	res.Staff, res.Activities = len(g.staff), len(g.acts)
	return res, nil
}

func demoEmpty(db *gorm.DB) (bool, error) {
	for _, m := range []any{&models.Activity{}, &models.Venue{}, &models.Station{}, &models.Team{}} {
		var n int64
		if err := db.Model(m).Count(&n).Error; err != nil {
			return false, fmt.Errorf("demo: check empty: %w", err)
		}
		if n > 0 {
			return false, nil
		}
	}
	return true, nil
}

var (
	demoSurnames = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢"}
	demoGiven    = []string{"静", "敏", "伟", "芳", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "丹", "萍", "鑫", "婷", "宇"}
	demoVenues   = []struct {
		name     string
		capacity int
	}{{"多功能厅", 300}, {"小剧场", 200}, {"排练厅", 60}, {"培训教室一", 40}, {"培训教室二", 40}, {"展厅", 150}}
	demoStations = []string{"东城街道文化站", "西城街道文化站", "南湖街道文化站", "北苑街道文化站", "新华社区文化中心", "光明社区文化中心", "滨江街道文化站", "青山镇文化站"}
	demoTeams    = []struct{ name, art string }{{"红枫腰鼓队", "腰鼓"}, {"夕阳红合唱团", "合唱"}, {"彩虹舞蹈队", "舞蹈"}, {"墨香书法社", "书法"},
		{"梨园京剧票友会", "京剧"}, {"光影摄影协会", "摄影"}, {"丝竹民乐团", "民乐"}, {"太极拳队", "太极"}, {"风采模特队", "模特"}, {"晨曦诗社", "诗歌"}}
)

// people creates the manager, the viewer, 24 staff members and, when the
// first start has not made one, the admin.
func (g *demoGen) people(tx *gorm.DB, hash string, now time.Time) error {
	mk := func(username, name, role string) (uint64, error) {
		u := models.User{Username: username, Name: name, Role: role, Active: true, PasswordHash: hash, Version: 1,
			CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&u).Error; err != nil {
			return 0, fmt.Errorf("create user %s: %w", username, err)
		}
		return u.ID, nil
	}
	var admins int64
	if err := tx.Model(&models.User{}).Where("username = ?", "admin").Count(&admins).Error; err != nil {
		return err
	}
	if admins == 0 {
		if _, err := mk("admin", "系统管理员", models.RoleAdmin); err != nil {
			return err
		}
	}
	head, err := mk("director", "业务部主任 周建国", models.RoleManager)
	if err != nil {
		return err
	}
	if _, err := mk("leader", "馆长 林文华", models.RoleViewer); err != nil {
		return err
	}
	g.staff = append(g.staff, head)
	for i := 0; i < 24; i++ {
		id, err := mk(fmt.Sprintf("staff%02d", i+1), demoSurnames[i]+demoGiven[(i*7)%len(demoGiven)], models.RoleStaff)
		if err != nil {
			return err
		}
		g.staff = append(g.staff, id)
	}
	// The last member joined on 1 April: their share of each member's
	// targets is pro-rated (60 outreach days become ceil(60*275/365) = 46).
	joined := time.Date(g.year, 4, 1, 0, 0, 0, 0, time.UTC)
	newcomer := g.staff[len(g.staff)-1]
	if err := tx.Model(&models.User{}).Where("id = ?", newcomer).Update("joined_on", joined.Format(time.DateOnly)).Error; err != nil {
		return fmt.Errorf("date the newcomer: %w", err)
	}
	g.joinedDay[newcomer] = joined.YearDay() - 1
	return nil
}

// places creates the venues, stations (each staff member paired to two) and teams.
func (g *demoGen) places(tx *gorm.DB, now time.Time) error {
	for _, v := range demoVenues {
		row := models.Venue{Name: v.name, Capacity: v.capacity, Active: true, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		g.venues = append(g.venues, row.ID)
	}
	for _, name := range demoStations {
		row := models.Station{Name: name, Address: name[:6] + "路1号", Active: true, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		g.stations = append(g.stations, row.ID)
	}
	g.paired = map[uint64][2]uint64{}
	for i, s := range g.staff {
		pair := [2]uint64{g.stations[i%8], g.stations[(i+3)%8]}
		g.paired[s] = pair
		for _, st := range pair {
			if err := tx.Create(&models.StationStaff{StationID: st, UserID: s}).Error; err != nil {
				return err
			}
		}
	}
	for i, t := range demoTeams {
		leader := g.staff[1+i]
		row := models.Team{Name: t.name, ArtForm: t.art, FoundedOn: fmt.Sprintf("%d-03-01", 2010+i), LeaderID: &leader,
			MemberCount: 20 + g.rng.IntN(30), Active: true, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		g.teams = append(g.teams, row.ID)
	}
	return nil
}
