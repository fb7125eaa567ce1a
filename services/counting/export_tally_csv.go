package counting

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"centerstage/models"
	"centerstage/services"
)

// WriteTallyCSV writes the progress rows of the year's tally (one per target
// and member, the center's rows included) as CSV in UTF-8 with a byte order
// mark, headed in lang with the glossary's words; rates are percentages.
// Like the tally, it shows everyone's numbers, so staff may not read it.
func (r *Reports) WriteTallyCSV(ctx context.Context, actor services.Actor, year int, asOf, lang string, w io.Writer) error {
	if actor.Role == models.RoleStaff || actor.Role == "" {
		return services.Errorf(services.Forbidden, "the tally is for managers, admins and viewers")
	}
	cs, err := r.progress.compute(ctx, actor, ProgressQuery{Year: year, AsOf: asOf})
	if err != nil {
		return err
	}
	words := r.words(lang)
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(toStrings(words.row(hdrTallyCSV))); err != nil {
		return err
	}
	for _, x := range cs.report().Rows {
		who, id := words.t("center"), ""
		if x.StaffID != nil {
			who, id = x.StaffName, strconv.FormatUint(*x.StaffID, 10)
		}
		rec := []string{safeText(x.Name), words.code(groupMetric, string(x.Metric)), words.code(groupScope, string(x.Scope)), safeText(who), id,
			strconv.Itoa(x.Value), strconv.Itoa(x.TargetValue), strconv.Itoa(x.Actual), strconv.Itoa(x.Scheduled),
			strconv.Itoa(x.Projected), strconv.FormatFloat(x.ExpectedToDate, 'f', -1, 64),
			fmt.Sprintf("%.2f%%", x.CompletionRate*100), strconv.Itoa(x.Gap), words.code(groupStatus, x.Status)}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
