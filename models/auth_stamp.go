package models

// AuthStamp is the one row (ID 1) of auth_stamps: N is raised in the same
// transaction as every change that can end or alter an access token's
// standing (a user changed, deactivated or given a new password, a login
// ended), so that all instances see at once that a user they keep in memory
// must be read again.
type AuthStamp struct {
	ID uint64 `gorm:"primaryKey;autoIncrement:false"`
	N  int64  `gorm:"not null"`
}

// TableName is the table of the stamp.
func (AuthStamp) TableName() string { return "auth_stamps" }
