// Package counting is the counting engine of CenterStage: the annual targets
// and their templates, progress against them (each metric one SQL unit),
// monthly figures, the yearly tally, reports and the exported workbooks and
// CSV files. It builds on the basics of package services (Actor, errors,
// transactions, pages, local dates) and knows nothing of scheduling; the
// scheduler's dry run reaches it through services.QuotaImpact, which
// Progress implements.
package counting
