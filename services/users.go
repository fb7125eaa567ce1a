package services

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"centerstage/models"
)

// Users manages accounts. Admins create, edit and deactivate; there is no hard
// delete, and the last active admin cannot be demoted or deactivated.
type Users struct {
	store
	clock Clock
	loc   *time.Location
	auth  *Auth
	audit *Audit
}

// NewUsers returns the user service of a center in time zone loc (in which
// a deactivation's leaving date is today).
func NewUsers(db *gorm.DB, clock Clock, loc *time.Location, auth *Auth, audit *Audit) *Users {
	return &Users{store: newStore(db), clock: clock, loc: loc, auth: auth, audit: audit}
}

var usernamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$`)

// ValidRole reports whether r is a known role.
func ValidRole(r string) bool {
	switch r {
	case models.RoleAdmin, models.RoleManager, models.RoleStaff, models.RoleViewer:
		return true
	}
	return false
}

// NewUser is the input of Create. JoinedOn and LeftOn are optional local
// dates (YYYY-MM-DD) of membership; empty means none.
type NewUser struct {
	Username, Password, Name, Role string
	JoinedOn, LeftOn               string
}

// UserChange is the input of Update; nil fields stay as they are.
type UserChange struct {
	Name     *string
	Role     *string
	Active   *bool
	Password *string
	// JoinedOn and LeftOn set the membership dates; a pointer to "" clears
	// one. Deactivating sets LeftOn to today unless it is set or given;
	// reactivating clears it unless given.
	JoinedOn *string
	LeftOn   *string
	// CurrentPassword is required when users change their own password, so
	// that a stolen session alone cannot take the account over.
	CurrentPassword *string
	Version         *int64
}

func checkPassword(f FieldErrors, p string) {
	switch {
	case utf8.RuneCountInString(p) < 8:
		f.Add("password", MinChars(8))
	case len(p) > 72:
		f.Add("password", NewProblem(ProblemMaxBytes, Params{"n": 72}, "must be at most 72 bytes"))
	}
}

func checkName(f FieldErrors, field, v string, max int) {
	switch {
	case v == "":
		f.Add(field, Required())
	case utf8.RuneCountInString(v) > max:
		f.Add(field, MaxChars(max))
	}
}

// Create adds an account. Admins only; a taken username is a Conflict.
func (s *Users) Create(ctx context.Context, actor Actor, in NewUser) (models.User, error) {
	if err := requireAdmin(actor); err != nil {
		return models.User{}, err
	}
	f := FieldErrors{}
	if !usernamePattern.MatchString(in.Username) {
		f.Add("username", NewProblem(ProblemUsername, nil, "2-64 letters, digits, '.', '_' or '-', starting with a letter or digit"))
	}
	checkPassword(f, in.Password)
	if in.Name == "" {
		in.Name = in.Username
	}
	checkName(f, "name", in.Name, 100)
	if !ValidRole(in.Role) {
		f.Add("role", OneOf(models.RoleAdmin, models.RoleManager, models.RoleStaff, models.RoleViewer))
	}
	joined, left := checkMemberDate(f, "joined_on", in.JoinedOn), checkMemberDate(f, "left_on", in.LeftOn)
	checkMembership(f, joined, left)
	if err := f.Err(); err != nil {
		return models.User{}, err
	}
	hash, err := s.auth.HashPassword(in.Password)
	if err != nil {
		return models.User{}, err
	}
	u := models.User{Username: in.Username, Name: in.Name, Role: in.Role, Active: true, PasswordHash: hash,
		JoinedOn: joined, LeftOn: left, Version: 1}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(&u).Error; err != nil {
			return duplicate(err, "username", in.Username)
		}
		return s.audit.Record(tx, actor, "create", "user", u.ID, nil, auditUser(u))
	})
	return u, err
}

// EnsureAdmin creates the account "admin" with a random password when the
// database has no users at all. It returns the password, or "" when users exist.
func (s *Users) EnsureAdmin(ctx context.Context) (string, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&models.User{}).Count(&n).Error; err != nil {
		return "", fmt.Errorf("count users: %w", err)
	}
	if n > 0 {
		return "", nil
	}
	password := randomToken()[:16]
	_, err := s.Create(ctx, System, NewUser{Username: "admin", Password: password, Name: "Administrator", Role: models.RoleAdmin})
	if IsKind(err, Conflict) {
		return "", nil // another instance created it first
	}
	return password, err
}

// Get returns one user. Everyone logged in may read users (to pick participants).
func (s *Users) Get(ctx context.Context, actor Actor, id uint64) (models.User, error) {
	var u models.User
	if err := s.db.WithContext(ctx).Take(&u, id).Error; err != nil {
		return u, notFound(err, "user", id)
	}
	return u, nil
}

// UserFilter narrows a user listing.
type UserFilter struct {
	Role   string
	Active *bool
	Query  string
	Page   Page
}

// List returns users ordered by username.
func (s *Users) List(ctx context.Context, actor Actor, f UserFilter) ([]models.User, int64, error) {
	q := s.db.WithContext(ctx).Model(&models.User{})
	if f.Role != "" {
		q = q.Where("role = ?", f.Role)
	}
	if f.Active != nil {
		q = q.Where("active = ?", *f.Active)
	}
	if f.Query != "" {
		like := "%" + f.Query + "%"
		q = q.Where("username LIKE ? OR name LIKE ?", like, like)
	}
	return FindPage[models.User](q, f.Page, "username", "users")
}

// Update changes a user's name, role, active flag or password. Admins only,
// except that any user may change their own name and password; changing one's
// own password takes the current one too (an admin resetting someone else's
// does not). A password change or deactivation ends the user's logins.
func (s *Users) Update(ctx context.Context, actor Actor, id uint64, c UserChange) (models.User, error) {
	self := actor.UserID == id
	if !actor.IsAdmin() && (!self || c.Role != nil || c.Active != nil || c.JoinedOn != nil || c.LeftOn != nil) {
		return models.User{}, Fail(Forbidden, ReasonAdminUsersOnly, nil, "only an admin may change other users, roles or activation")
	}
	f := FieldErrors{}
	if c.JoinedOn != nil {
		checkMemberDate(f, "joined_on", *c.JoinedOn)
	}
	if c.LeftOn != nil {
		checkMemberDate(f, "left_on", *c.LeftOn)
	}
	if c.Name != nil {
		checkName(f, "name", *c.Name, 100)
	}
	if c.Role != nil && !ValidRole(*c.Role) {
		f.Add("role", OneOf(models.RoleAdmin, models.RoleManager, models.RoleStaff, models.RoleViewer))
	}
	var proven string // the password hash the current password was checked against
	if c.Password != nil {
		checkPassword(f, *c.Password)
		if self {
			var err error
			if proven, err = s.checkCurrent(ctx, f, id, c.CurrentPassword); err != nil {
				return models.User{}, err
			}
		}
	}
	if err := f.Err(); err != nil {
		return models.User{}, err
	}
	var hash string
	if c.Password != nil {
		var err error
		if hash, err = s.auth.HashPassword(*c.Password); err != nil {
			return models.User{}, err
		}
	}
	var u models.User
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var err error
		u, err = s.apply(tx, actor, id, c, hash, proven)
		return err
	})
	return u, err
}

// checkCurrent records a field problem unless current is the password of user
// id, and returns the hash it was checked against. It runs before the
// transaction, so no row stays locked during bcrypt. A wrong password counts
// as a failed login (Auth.CheckPassword) and revokes nothing.
func (s *Users) checkCurrent(ctx context.Context, f FieldErrors, id uint64, current *string) (string, error) {
	if current == nil || *current == "" {
		f.Add("current_password", Required())
		return "", nil
	}
	var u models.User
	if err := s.db.WithContext(ctx).Take(&u, id).Error; err != nil {
		return "", notFound(err, "user", id)
	}
	ok, err := s.auth.CheckPassword(ctx, u.Username, u.PasswordHash, *current)
	if err != nil {
		return "", err
	}
	if !ok {
		f.Add("current_password", NewProblem(ProblemWrongPassword, nil, "is not your current password"))
	}
	return u.PasswordHash, nil
}

// apply writes change c to user id. proven, when set, is the password hash the
// current password was checked against; a password changed since then is stale.
func (s *Users) apply(tx *gorm.DB, actor Actor, id uint64, c UserChange, hash, proven string) (models.User, error) {
	var u models.User
	if err := lockedTake(tx, &u, "id = ?", id); err != nil {
		return u, notFound(err, "user", id)
	}
	if (c.Version != nil && *c.Version != u.Version) || (proven != "" && proven != u.PasswordHash) {
		return u, Fail(Stale, ReasonStale, Params{"entity": "user", "id": id}, "user %d was changed by someone else; reload and try again", id)
	}
	before := auditUser(u)
	losesAdmin := u.Role == models.RoleAdmin && u.Active &&
		((c.Role != nil && *c.Role != models.RoleAdmin) || (c.Active != nil && !*c.Active))
	if losesAdmin {
		if err := s.keepOneAdmin(tx, u.ID); err != nil {
			return u, err
		}
	}
	wasActive := u.Active
	revoke := hash != "" || (c.Active != nil && !*c.Active && u.Active)
	SetIf(&u.Name, c.Name)
	SetIf(&u.Role, c.Role)
	SetIf(&u.Active, c.Active)
	if hash != "" {
		u.PasswordHash = hash
	}
	if err := s.applyMembership(&u, c, wasActive); err != nil {
		return u, err
	}
	u.Version++
	if err := tx.Select("name", "role", "active", "password_hash", "joined_on", "left_on", "version", "updated_at").Save(&u).Error; err != nil {
		return u, fmt.Errorf("save user %d: %w", id, err)
	}
	if revoke {
		if err := revokeUser(tx, u.ID, s.clock().UTC()); err != nil {
			return u, err
		}
		u.TokenGen++
	}
	// The role, the name and the active flag are what an access token's
	// user carries: every instance reads its cached copy again.
	if err := bumpAuthStamp(tx); err != nil {
		return u, err
	}
	after := auditUser(u)
	if hash != "" {
		after["password"] = "changed"
	}
	return u, s.audit.Record(tx, actor, "update", "user", u.ID, before, after)
}

// keepOneAdmin refuses a change that would leave no active admin but userID.
func (s *Users) keepOneAdmin(tx *gorm.DB, userID uint64) error {
	// A locking read: it waits for a concurrent change of another admin and
	// then sees that change, where a plain read followed by locking the ids
	// it returned could count an admin deactivated meanwhile.
	var others []uint64
	q := tx.Model(&models.User{}).Where("role = ? AND active = ? AND id <> ?", models.RoleAdmin, true, userID)
	if err := forUpdate(q).Order("id").Pluck("id", &others).Error; err != nil {
		return fmt.Errorf("count admins: %w", err)
	}
	if len(others) == 0 {
		return Fail(Rule, ReasonLastAdmin, nil, "the last active admin cannot be demoted or deactivated")
	}
	// The read's lock holds on one server only; raising the others' lock
	// counters makes two admins demoting each other through different
	// cluster nodes conflict, so one of them is retried and refused.
	return lockRows(tx, &models.User{}, others)
}

// Deactivate turns an account off (there is no hard delete).
func (s *Users) Deactivate(ctx context.Context, actor Actor, id uint64) (models.User, error) {
	off := false
	return s.Update(ctx, actor, id, UserChange{Active: &off})
}

// SetPassword sets a user's password from the command line, by username.
func (s *Users) SetPassword(ctx context.Context, username, password string) error {
	var u models.User
	err := s.db.WithContext(ctx).Where("username = ?", username).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Fail(NotFound, ReasonNoUser, Params{"name": username}, "no user %q", username)
	}
	if err != nil {
		return fmt.Errorf("load user %q: %w", username, err)
	}
	_, err = s.Update(ctx, System, u.ID, UserChange{Password: &password})
	return err
}

func auditUser(u models.User) map[string]any {
	return map[string]any{"username": u.Username, "name": u.Name, "role": u.Role, "active": u.Active,
		"joined_on": u.JoinedOn, "left_on": u.LeftOn}
}

// applyMembership sets u's membership dates from c: given dates win; a
// deactivation without a leaving date leaves today, a reactivation clears
// the leaving date. The result must not leave before it joined.
func (s *Users) applyMembership(u *models.User, c UserChange, wasActive bool) error {
	if c.JoinedOn != nil {
		u.JoinedOn = optionalDate(*c.JoinedOn)
	}
	switch {
	case c.LeftOn != nil:
		u.LeftOn = optionalDate(*c.LeftOn)
	case c.Active != nil && !*c.Active && wasActive && u.LeftOn == nil:
		today := LocalDate(s.clock(), s.loc)
		u.LeftOn = &today
	case c.Active != nil && *c.Active && !wasActive:
		u.LeftOn = nil
	}
	f := FieldErrors{}
	checkMembership(f, u.JoinedOn, u.LeftOn)
	return f.Err()
}

// Dates of membership must lie in the years the app supports.
const (
	minMemberDate = "1900-01-01"
	maxMemberDate = "2100-12-31"
)

// checkMemberDate records a problem unless v is empty or a local date in the
// supported range, and returns it as an optional date.
func checkMemberDate(f FieldErrors, field, v string) *string {
	if v == "" {
		return nil
	}
	if d, err := time.Parse(time.DateOnly, v); err != nil || d.Format(time.DateOnly) != v {
		f.Add(field, InvalidFormat("2026-04-01", "must be a date like 2026-04-01"))
		return nil
	}
	if v < minMemberDate || v > maxMemberDate {
		f.Add(field, DateOutOfRange())
		return nil
	}
	return &v
}

// checkMembership refuses a leaving date before the joining date.
func checkMembership(f FieldErrors, joined, left *string) {
	if joined != nil && left != nil && *left < *joined {
		f.Add("left_on", NewProblem(ProblemNotBefore, Params{"field": "joined_on"}, "must not be before joined_on"))
	}
}

func optionalDate(v string) *string {
	if v == "" {
		return nil
	}
	return &v
}
