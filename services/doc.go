// Package services holds the rules of CenterStage: scheduling and conflicts,
// recurrence, holidays, auth and audit. Every method takes the caller as an
// explicit Actor and runs its own transactions. Nothing here knows about
// HTTP.
//
// The package also holds the basics every area shares:
// the caller (Actor), typed errors (Error, ErrorKind), the transaction (Tx,
// with its locking helpers in tx.go), pages, local dates and id lists. The
// counting engine (targets, progress, reports, exports) is package
// services/counting, built on these basics; scheduling reaches it only
// through the QuotaImpact interface.
package services
