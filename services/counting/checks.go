package counting

import (
	"unicode/utf8"

	"centerstage/services"
)

// The checks of fields that several inputs have.

// checkYear refuses years outside the range targets may have.
func checkYear(year int) error {
	fe := services.FieldErrors{}
	addYearProblem(fe, year)
	return fe.Err()
}

// addYearProblem adds to fe the problem of a year outside 2000 to 2100.
func addYearProblem(fe services.FieldErrors, year int) {
	if year < 2000 || year > 2100 {
		fe.Add("year", services.NewProblem(services.ProblemOutOfRange, services.Params{"min": 2000, "max": 2100}, "must be a year from 2000 to 2100"))
	}
}

// checkName adds to fe the problem of a missing name or one longer than 100
// characters: the name of a target or a scheme, unique within its year.
func checkName(fe services.FieldErrors, name string) {
	switch {
	case name == "":
		fe.Add("name", services.Required())
	case utf8.RuneCountInString(name) > 100:
		fe.Add("name", services.MaxChars(100))
	}
}
