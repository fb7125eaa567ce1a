// Package models holds the GORM models of CenterStage and opens its database.
//
// The structs here describe the current schema for queries. The schema itself is
// created by the versioned steps in models/migrations, which keep frozen copies.
package models

import "time"

// Roles of a user.
const (
	RoleAdmin   = "admin"
	RoleManager = "manager"
	RoleStaff   = "staff"
	RoleViewer  = "viewer"
)

// Activity statuses.
const (
	StatusPlanned   = "planned"
	StatusCompleted = "completed"
	StatusCancelled = "cancelled"
)

// Kinds of activity (stable codes; labels are translated by the frontend).
var Kinds = []string{"training", "lecture", "performance", "exhibition", "outreach", "team_activity", "study", "other"}

// User is an account of the center: staff, managers, administrators and viewers.
type User struct {
	ID           uint64 `gorm:"primaryKey"`
	Username     string `gorm:"size:64;not null;uniqueIndex"`
	Name         string `gorm:"size:100;not null"`
	Role         string `gorm:"size:16;not null"`
	Active       bool   `gorm:"not null"`
	PasswordHash string `gorm:"size:100;not null"`
	// TokenGen is raised whenever a password changes or the account is deactivated;
	// access tokens carry it, so older ones stop working at once.
	TokenGen int64 `gorm:"not null"`
	// JoinedOn and LeftOn are the local dates (YYYY-MM-DD) between which the
	// user was a member of the staff; nil means no limit on that side. They
	// pro-rate the user's share of each_staff targets.
	JoinedOn  *string `gorm:"size:10"`
	LeftOn    *string `gorm:"size:10"`
	Version   int64   `gorm:"not null"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

// RefreshToken is one issued refresh token, stored as a SHA-256 hash. All tokens
// rotated from one login share a Family, so a reused token can revoke them all.
type RefreshToken struct {
	ID        uint64    `gorm:"primaryKey"`
	UserID    uint64    `gorm:"not null;index"`
	Family    string    `gorm:"size:32;not null;index"`
	TokenHash string    `gorm:"size:64;not null;uniqueIndex"`
	ExpiresAt time.Time `gorm:"not null"`
	UsedAt    *time.Time
	RevokedAt *time.Time
	CreatedAt time.Time
}

// LoginThrottle counts recent failed logins of one username, across instances.
type LoginThrottle struct {
	Username    string    `gorm:"primaryKey;size:64"`
	Failures    int       `gorm:"not null"`
	WindowStart time.Time `gorm:"not null"`
	LockedUntil *time.Time
}

// LoginAddressThrottle counts recent login attempts from one client address
// (an IPv4 address or an IPv6 /64) that were not followed by a success,
// across instances.
type LoginAddressThrottle struct {
	Address     string    `gorm:"primaryKey;size:64"`
	Attempts    int       `gorm:"not null"`
	WindowStart time.Time `gorm:"not null"`
}

// IdempotencyKey is a create a user made with an Idempotency-Key header:
// the key, a fingerprint of the request (method, path, body) and the answer
// it got, written in the same transaction as the create, so a retry with the
// key within IdempotencyTTL gets that answer again and writes nothing.
type IdempotencyKey struct {
	ID          uint64 `gorm:"primaryKey"`
	UserID      uint64 `gorm:"not null;uniqueIndex:idx_idempotency_user_key,priority:1"`
	Key         string `gorm:"column:idempotency_key;size:200;not null;uniqueIndex:idx_idempotency_user_key,priority:2"`
	Fingerprint string `gorm:"size:64;not null"`
	Status      int    `gorm:"not null"`
	ContentType string `gorm:"size:100;not null"`
	// Body is the answer's body, up to the size of a MySQL MEDIUMTEXT.
	Body      string    `gorm:"size:16777215;not null"`
	CreatedAt time.Time `gorm:"not null;index"`
}

// SettingCenterName is the key of the center's name (e.g. 示例区文化馆), shown
// in the app's header and on every workbook and print; absent until set.
const SettingCenterName = "center_name"

// SettingJWTKey is the key of the JWT signing key generated in development
// (production configures its secret instead). A backup leaves it out.
const SettingJWTKey = "jwt_signing_key"

// Setting is a key/value pair shared by every instance (e.g. the generated JWT key).
type Setting struct {
	Key   string `gorm:"primaryKey;size:64"`
	Value string `gorm:"type:text;not null"`
}

// Venue is a room or hall of the center.
type Venue struct {
	ID        uint64 `gorm:"primaryKey"`
	Name      string `gorm:"size:100;not null;uniqueIndex"`
	Capacity  int    `gorm:"not null"`
	Active    bool   `gorm:"not null"`
	Version   int64  `gorm:"not null"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Station is a street or community cultural station (街道文化站).
type Station struct {
	ID        uint64 `gorm:"primaryKey"`
	Name      string `gorm:"size:100;not null;uniqueIndex"`
	Address   string `gorm:"size:200;not null"`
	Active    bool   `gorm:"not null"`
	Version   int64  `gorm:"not null"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

// StationStaff pairs a staff member with a station (对口辅导).
type StationStaff struct {
	StationID uint64 `gorm:"primaryKey"`
	UserID    uint64 `gorm:"primaryKey;index"`
}

// Team is an amateur art team (业余团队).
type Team struct {
	ID          uint64  `gorm:"primaryKey"`
	Name        string  `gorm:"size:100;not null;uniqueIndex"`
	ArtForm     string  `gorm:"size:50;not null"`
	FoundedOn   string  `gorm:"size:10;not null"` // local date YYYY-MM-DD, or empty
	LeaderID    *uint64 `gorm:"index"`
	MemberCount int     `gorm:"not null"`
	Active      bool    `gorm:"not null"`
	Version     int64   `gorm:"not null"`
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Series groups the occurrences created from one recurrence rule (一期).
type Series struct {
	ID           uint64 `gorm:"primaryKey"`
	RRule        string `gorm:"column:rrule;size:500;not null"`
	SkipHolidays bool   `gorm:"not null"`
	TimeZone     string `gorm:"size:64;not null"`
	CreatedBy    uint64 `gorm:"not null"`
	// EditionID is the series this one was first created as: a series split
	// off by a following-scope change keeps its edition (一期), so a class is
	// counted once however often it moves.
	EditionID uint64 `gorm:"not null;index:idx_series_edition"`
	CreatedAt time.Time
}

// Activity is one scheduled occurrence. Start and End are UTC instants of a
// half-open interval; LocalDate is the center-local date of Start, kept for
// counting by date without converting every row.
type Activity struct {
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
	EditionID          *uint64 `gorm:"index:idx_activities_edition"` // the series' edition; nil for a lone activity
	Notes              string  `gorm:"type:text;not null"`
	CompletedAt        *time.Time
	// StaffFree says the activity does not occupy its staff: it counts for
	// them but does not clash with their other bookings (the API shows
	// staff_busy, its negation). False, the zero value, is the safe default.
	StaffFree    bool   `gorm:"not null"`
	CancelReason string `gorm:"size:500;not null"`
	Version      int64  `gorm:"not null"`
	CreatedBy    uint64 `gorm:"not null"`
	CreatedAt    time.Time
	UpdatedAt    time.Time

	StaffIDs []uint64 `gorm:"-"`
	TeamIDs  []uint64 `gorm:"-"`
}

// ActivityStaff is a staff member taking part in an activity (the organizer
// included). Start and end are copied from the activity so that a member's
// bookings in a time range are found through one index.
type ActivityStaff struct {
	ActivityID uint64    `gorm:"primaryKey"`
	UserID     uint64    `gorm:"primaryKey;index:idx_activity_staff_range,priority:1"`
	StartAt    time.Time `gorm:"not null;index:idx_activity_staff_range,priority:2"`
	EndAt      time.Time `gorm:"not null"`
}

// ActivityTeam is a team taking part in an activity; times copied as for staff.
type ActivityTeam struct {
	ActivityID uint64    `gorm:"primaryKey"`
	TeamID     uint64    `gorm:"primaryKey;index:idx_activity_teams_range,priority:1"`
	StartAt    time.Time `gorm:"not null;index:idx_activity_teams_range,priority:2"`
	EndAt      time.Time `gorm:"not null"`
}

// ActivityDay is one center-local date an activity touches, maintained on write,
// so person-days are counted by grouped queries rather than in Go.
type ActivityDay struct {
	ActivityID uint64 `gorm:"primaryKey"`
	Day        string `gorm:"primaryKey;size:10;index"`
}

// Target is an annual quota of the center or of each staff member.
type Target struct {
	ID          uint64 `gorm:"primaryKey"`
	Year        int    `gorm:"not null;uniqueIndex:idx_targets_year_name,priority:1"`
	Name        string `gorm:"size:100;not null;uniqueIndex:idx_targets_year_name,priority:2"`
	Metric      string `gorm:"size:20;not null"`
	Kinds       string `gorm:"size:200;not null"` // comma-separated kind codes; empty = every kind
	Scope       string `gorm:"size:12;not null"`
	StaffIDs    string `gorm:"type:text;not null"` // JSON array of user ids; empty = every active staff and manager
	Value       int    `gorm:"not null"`
	MonthlyPlan string `gorm:"size:200;not null"` // JSON array of 12 numbers, or empty for the even split
	Version     int64  `gorm:"not null"`
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// TargetTemplate is a saved set of targets that can be applied to a year.
type TargetTemplate struct {
	ID        uint64 `gorm:"primaryKey"`
	Name      string `gorm:"size:64;not null;uniqueIndex"`
	Targets   string `gorm:"type:text;not null"` // JSON
	CreatedBy uint64 `gorm:"not null"`
	CreatedAt time.Time
}

// OfficialLine is one line of the official return (统计年报): what the center
// reports under a yearbook category, as a metric of the counting rules over
// some kinds, for the whole center. The admin edits the list.
type OfficialLine struct {
	ID        uint64 `gorm:"primaryKey"`
	Position  int    `gorm:"not null"` // order in the return, from 1
	Code      string `gorm:"size:40;not null;uniqueIndex"`
	Name      string `gorm:"size:100;not null"`
	NameEn    string `gorm:"size:100;not null"`
	Unit      string `gorm:"size:20;not null"`
	Metric    string `gorm:"size:20;not null"`
	Kinds     string `gorm:"size:200;not null"` // comma-separated kind codes; empty = every kind
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Closure is a day the center itself is closed, on top of public holidays.
type Closure struct {
	ID        uint64 `gorm:"primaryKey"`
	Date      string `gorm:"size:10;not null;uniqueIndex"`
	Name      string `gorm:"size:100;not null"`
	CreatedAt time.Time
}

// AuditEntry records who changed what, when, before and after.
type AuditEntry struct {
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

// TableName keeps the join table's name singular, as in the design.
func (StationStaff) TableName() string { return "station_staff" }

// TableName keeps the join table's name singular, as in the design.
func (ActivityStaff) TableName() string { return "activity_staff" }
