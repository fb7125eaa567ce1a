package migrations

import (
	"time"

	"gorm.io/gorm"
)

// The structs below are the schema as first created. They are frozen: a later
// change to the schema is a new step with its own copies.

type v1User struct {
	ID           uint64 `gorm:"primaryKey"`
	Username     string `gorm:"size:64;not null;uniqueIndex"`
	Name         string `gorm:"size:100;not null"`
	Role         string `gorm:"size:16;not null"`
	Active       bool   `gorm:"not null"`
	PasswordHash string `gorm:"size:100;not null"`
	TokenGen     int64  `gorm:"not null"`
	Version      int64  `gorm:"not null"`
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

type v1RefreshToken struct {
	ID        uint64    `gorm:"primaryKey"`
	UserID    uint64    `gorm:"not null;index"`
	Family    string    `gorm:"size:32;not null;index"`
	TokenHash string    `gorm:"size:64;not null;uniqueIndex"`
	ExpiresAt time.Time `gorm:"not null"`
	UsedAt    *time.Time
	RevokedAt *time.Time
	CreatedAt time.Time
}

type v1LoginThrottle struct {
	Username    string    `gorm:"primaryKey;size:64"`
	Failures    int       `gorm:"not null"`
	WindowStart time.Time `gorm:"not null"`
	LockedUntil *time.Time
}

type v1Setting struct {
	Key   string `gorm:"primaryKey;size:64"`
	Value string `gorm:"type:text;not null"`
}

type v1Venue struct {
	ID        uint64 `gorm:"primaryKey"`
	Name      string `gorm:"size:100;not null;uniqueIndex"`
	Capacity  int    `gorm:"not null"`
	Active    bool   `gorm:"not null"`
	Version   int64  `gorm:"not null"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

type v1Station struct {
	ID        uint64 `gorm:"primaryKey"`
	Name      string `gorm:"size:100;not null;uniqueIndex"`
	Address   string `gorm:"size:200;not null"`
	Active    bool   `gorm:"not null"`
	Version   int64  `gorm:"not null"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

type v1StationStaff struct {
	StationID uint64 `gorm:"primaryKey"`
	UserID    uint64 `gorm:"primaryKey;index"`
}

type v1Team struct {
	ID          uint64  `gorm:"primaryKey"`
	Name        string  `gorm:"size:100;not null;uniqueIndex"`
	ArtForm     string  `gorm:"size:50;not null"`
	FoundedOn   string  `gorm:"size:10;not null"`
	LeaderID    *uint64 `gorm:"index"`
	MemberCount int     `gorm:"not null"`
	Active      bool    `gorm:"not null"`
	Version     int64   `gorm:"not null"`
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

type v1Series struct {
	ID           uint64 `gorm:"primaryKey"`
	RRule        string `gorm:"column:rrule;size:500;not null"`
	SkipHolidays bool   `gorm:"not null"`
	TimeZone     string `gorm:"size:64;not null"`
	CreatedBy    uint64 `gorm:"not null"`
	CreatedAt    time.Time
}

type v1Activity struct {
	ID                 uint64    `gorm:"primaryKey"`
	Kind               string    `gorm:"size:20;not null;index:idx_activities_kind_date,priority:1"`
	Title              string    `gorm:"size:200;not null"`
	StartAt            time.Time `gorm:"not null;index:idx_activities_range,priority:1"`
	EndAt              time.Time `gorm:"not null;index:idx_activities_range,priority:2"`
	LocalDate          string    `gorm:"size:10;not null;index:idx_activities_kind_date,priority:2"`
	VenueID            *uint64   `gorm:"index:idx_activities_venue,priority:1"`
	Location           string    `gorm:"size:200;not null"`
	OrganizerID        uint64    `gorm:"not null;index"`
	StationID          *uint64   `gorm:"index"`
	ExpectedAttendance int       `gorm:"not null"`
	ActualAttendance   *int
	Status             string  `gorm:"size:12;not null"`
	SeriesID           *uint64 `gorm:"index"`
	Notes              string  `gorm:"type:text;not null"`
	CompletedAt        *time.Time
	Version            int64  `gorm:"not null"`
	CreatedBy          uint64 `gorm:"not null"`
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

type v1ActivityStaff struct {
	ActivityID uint64    `gorm:"primaryKey"`
	UserID     uint64    `gorm:"primaryKey;index:idx_activity_staff_range,priority:1"`
	StartAt    time.Time `gorm:"not null;index:idx_activity_staff_range,priority:2"`
	EndAt      time.Time `gorm:"not null"`
}

type v1ActivityTeam struct {
	ActivityID uint64    `gorm:"primaryKey"`
	TeamID     uint64    `gorm:"primaryKey;index:idx_activity_teams_range,priority:1"`
	StartAt    time.Time `gorm:"not null;index:idx_activity_teams_range,priority:2"`
	EndAt      time.Time `gorm:"not null"`
}

type v1ActivityDay struct {
	ActivityID uint64 `gorm:"primaryKey"`
	Day        string `gorm:"primaryKey;size:10;index"`
}

type v1Target struct {
	ID          uint64 `gorm:"primaryKey"`
	Year        int    `gorm:"not null;uniqueIndex:idx_targets_year_name,priority:1"`
	Name        string `gorm:"size:100;not null;uniqueIndex:idx_targets_year_name,priority:2"`
	Metric      string `gorm:"size:20;not null"`
	Kinds       string `gorm:"size:200;not null"`
	Scope       string `gorm:"size:12;not null"`
	StaffIDs    string `gorm:"type:text;not null"`
	Value       int    `gorm:"not null"`
	MonthlyPlan string `gorm:"size:200;not null"`
	Version     int64  `gorm:"not null"`
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

type v1TargetTemplate struct {
	ID        uint64 `gorm:"primaryKey"`
	Name      string `gorm:"size:64;not null;uniqueIndex"`
	Targets   string `gorm:"type:text;not null"`
	CreatedBy uint64 `gorm:"not null"`
	CreatedAt time.Time
}

type v1Closure struct {
	ID        uint64 `gorm:"primaryKey"`
	Date      string `gorm:"size:10;not null;uniqueIndex"`
	Name      string `gorm:"size:100;not null"`
	CreatedAt time.Time
}

type v1AuditEntry struct {
	ID        uint64    `gorm:"primaryKey"`
	At        time.Time `gorm:"not null;index"`
	ActorID   uint64    `gorm:"not null;index"`
	Action    string    `gorm:"size:32;not null"`
	Entity    string    `gorm:"size:32;not null;index:idx_audit_entity,priority:1"`
	EntityID  uint64    `gorm:"not null;index:idx_audit_entity,priority:2"`
	Before    string    `gorm:"type:text;not null"`
	After     string    `gorm:"type:text;not null"`
	RequestID string    `gorm:"size:64;not null"`
}

func (v1User) TableName() string { return "users" }

func (v1RefreshToken) TableName() string { return "refresh_tokens" }

func (v1LoginThrottle) TableName() string { return "login_throttles" }

func (v1Setting) TableName() string { return "settings" }

func (v1Venue) TableName() string { return "venues" }

func (v1Station) TableName() string { return "stations" }

func (v1StationStaff) TableName() string { return "station_staff" }

func (v1Team) TableName() string { return "teams" }

func (v1Series) TableName() string { return "series" }

func (v1Activity) TableName() string { return "activities" }

func (v1ActivityStaff) TableName() string { return "activity_staff" }

func (v1ActivityTeam) TableName() string { return "activity_teams" }

func (v1ActivityDay) TableName() string { return "activity_days" }

func (v1Target) TableName() string { return "targets" }

func (v1TargetTemplate) TableName() string { return "target_templates" }

func (v1Closure) TableName() string { return "closures" }

func (v1AuditEntry) TableName() string { return "audit_entries" }

func initial(db *gorm.DB) error {
	return db.AutoMigrate(

		&v1User{},

		&v1RefreshToken{},

		&v1LoginThrottle{},

		&v1Setting{},

		&v1Venue{},

		&v1Station{},

		&v1StationStaff{},

		&v1Team{},

		&v1Series{},

		&v1Activity{},

		&v1ActivityStaff{},

		&v1ActivityTeam{},

		&v1ActivityDay{},

		&v1Target{},

		&v1TargetTemplate{},

		&v1Closure{},

		&v1AuditEntry{},
	)
}
