package services

import "golang.org/x/crypto/bcrypt"

// WatchPasswordChecks makes every password check of a's logins report the
// bcrypt cost of the hash it compares against (-1 for a hash that is not a
// bcrypt hash, which bcrypt rejects at once), so a test can see that a path
// ran the slow comparison and at which cost, without timing it.
func WatchPasswordChecks(a *Auth, seen func(cost int)) {
	inner := a.compareHash
	a.compareHash = func(hash, password []byte) error {
		cost, err := bcrypt.Cost(hash)
		if err != nil {
			cost = -1
		}
		seen(cost)
		return inner(hash, password)
	}
}

// SetHashSlots makes a run at most n password checks at once.
func SetHashSlots(a *Auth, n int) { a.slots = make(chan struct{}, n) }

// WrapPasswordChecks runs every password check of a through wrap.
func WrapPasswordChecks(a *Auth, wrap func(check func() error) error) {
	inner := a.compareHash
	a.compareHash = func(hash, password []byte) error {
		return wrap(func() error { return inner(hash, password) })
	}
}
