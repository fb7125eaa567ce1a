package services

import "slices"

// uniqueIDs returns ids sorted, without duplicates or zeros.
func uniqueIDs(ids []uint64) []uint64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) > 0 && out[0] == 0 {
		out = out[1:]
	}
	return out
}
