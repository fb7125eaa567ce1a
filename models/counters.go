package models

import (
	"database/sql"
	"sync/atomic"

	"gorm.io/gorm"
)

// Retry reasons of a transaction, as counted by Counters.
const (
	RetryDeadlock    = "deadlock"          // 1213: a deadlock, or a cluster's failed certification
	RetryLockWait    = "lock_wait_timeout" // 1205
	RetryNotReady    = "not_ready"         // 1047: a cluster node not ready for queries
	RetryOther       = "other"             // any other error retried (TiDB's)
	countersPluginID = "centerstage:counters"
)

// RetryReasons lists the retry reasons in a fixed order.
var RetryReasons = []string{RetryDeadlock, RetryLockWait, RetryNotReady, RetryOther}

// Counters count, for one database handle, the transactions run again after
// losing to another and the raises of the data generation. Open installs
// them; CountersOf finds them. They are what the metrics read.
type Counters struct {
	retries [4]atomic.Int64 // in RetryReasons order
	raises  atomic.Int64
}

// Name names the counters as a GORM plugin.
func (c *Counters) Name() string { return countersPluginID }

// Initialize is the GORM plugin's hook; the counters need nothing.
func (c *Counters) Initialize(*gorm.DB) error { return nil }

// CountersOf returns db's counters, nil when db was not opened by Open (the
// methods of a nil *Counters do nothing).
func CountersOf(db *gorm.DB) *Counters {
	if db == nil || db.Config == nil {
		return nil
	}
	c, _ := db.Config.Plugins[countersPluginID].(*Counters)
	return c
}

// Retried counts one transaction run again for reason (one of RetryReasons).
func (c *Counters) Retried(reason string) {
	if c == nil {
		return
	}
	for i, r := range RetryReasons {
		if r == reason {
			c.retries[i].Add(1)
			return
		}
	}
	c.retries[len(RetryReasons)-1].Add(1)
}

func (c *Counters) raised() {
	if c != nil {
		c.raises.Add(1)
	}
}

// TxCounts are a snapshot of Counters.
type TxCounts struct {
	// Retries by reason (every one of RetryReasons is present).
	Retries map[string]int64
	// GenerationRaises counts the data generation's raises: the committed
	// and rolled-back writing transactions.
	GenerationRaises int64
}

// Snapshot reads the counters (zero for a nil *Counters).
func (c *Counters) Snapshot() TxCounts {
	out := TxCounts{Retries: map[string]int64{}}
	for i, r := range RetryReasons {
		if c != nil {
			out.Retries[r] = c.retries[i].Load()
		} else {
			out.Retries[r] = 0
		}
	}
	if c != nil {
		out.GenerationRaises = c.raises.Load()
	}
	return out
}

// PoolStats are the connection pool's statistics, for the metrics.
type PoolStats = sql.DBStats

// PoolStatsOf reads db's connection pool statistics (zero when db has no pool).
func PoolStatsOf(db *gorm.DB) PoolStats {
	sqlDB, err := db.DB()
	if err != nil {
		return PoolStats{}
	}
	return sqlDB.Stats()
}
